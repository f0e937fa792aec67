// Grafana datasource provisioning: Prometheus with exemplars linked to Tempo by trace id, Tempo
// with a link from spans to the session summaries in Loki, and Loki. The hostnames are the
// docker-compose service names.
import { EXEMPLAR_TRACE_ID } from '@otel-rum/semconv';
import { DatasourceUid } from '../dashboards/shared.js';

export const DatasourceUrl = {
  PROMETHEUS: 'http://prometheus:9090',
  TEMPO: 'http://tempo:3200',
  LOKI: 'http://loki:3100',
} as const;

export function datasourcesProvisioning() {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: DatasourceUid.PROMETHEUS,
        type: 'prometheus',
        access: 'proxy',
        url: DatasourceUrl.PROMETHEUS,
        isDefault: true,
        jsonData: {
          // The processor attaches the trace id of a measured action to its duration bucket.
          exemplarTraceIdDestinations: [{ name: EXEMPLAR_TRACE_ID, datasourceUid: DatasourceUid.TEMPO }],
        },
      },
      {
        name: 'Tempo',
        uid: DatasourceUid.TEMPO,
        type: 'tempo',
        access: 'proxy',
        url: DatasourceUrl.TEMPO,
        jsonData: {
          tracesToLogsV2: { datasourceUid: DatasourceUid.LOKI, filterByTraceID: false, spanStartTimeShift: '-1h', spanEndTimeShift: '1h' },
          nodeGraph: { enabled: true },
        },
      },
      {
        name: 'Loki',
        uid: DatasourceUid.LOKI,
        type: 'loki',
        access: 'proxy',
        url: DatasourceUrl.LOKI,
      },
    ],
  };
}
