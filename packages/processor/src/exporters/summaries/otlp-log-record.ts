// A session summary as an OTLP log record in the OTLP/JSON encoding (SPEC §5).

import { ATTR_EVENT_NAME, ATTR_SERVICE_NAME, SESSION_SUMMARY_EVENT_NAME, SummaryField } from '@otel-rum/semconv';
import type { ScalarValue, SessionSummary } from '../../model.js';

type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } };

export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

export interface OtlpLogRecord {
  readonly timeUnixNano: string;
  readonly observedTimeUnixNano: string;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly eventName: string;
  readonly attributes: KeyValue[];
}

/** Fields that are fractions even when a value happens to be whole, so backends see one type. */
const DOUBLE_FIELDS: ReadonlySet<string> = new Set([SummaryField.APDEX]);
const SEVERITY_INFO = 9;
export const PROCESSOR_SERVICE_NAME = 'otel-rum-processor';
export const PROCESSOR_SCOPE_NAME = '@otel-rum/processor';

function anyValue(key: string, value: ScalarValue | readonly string[]): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) && !DOUBLE_FIELDS.has(key) ? { intValue: String(value) } : { doubleValue: value };
  }
  return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
}

const nanos = (epochMs: number): string => (BigInt(Math.round(epochMs)) * 1_000_000n).toString();

export function toOtlpLogRecord(summary: SessionSummary, observedAtMs: number): OtlpLogRecord {
  const attributes: KeyValue[] = [{ key: ATTR_EVENT_NAME, value: { stringValue: SESSION_SUMMARY_EVENT_NAME } }];
  for (const [key, value] of Object.entries(summary) as [string, ScalarValue | readonly string[]][]) {
    attributes.push({ key, value: anyValue(key, value) });
  }
  return {
    timeUnixNano: nanos(Date.parse(summary[SummaryField.END_TIME])),
    observedTimeUnixNano: nanos(observedAtMs),
    severityNumber: SEVERITY_INFO,
    severityText: 'INFO',
    eventName: SESSION_SUMMARY_EVENT_NAME,
    attributes,
  };
}

/** An OTLP/JSON ExportLogsServiceRequest carrying these summaries. */
export function toExportLogsRequest(summaries: readonly SessionSummary[], observedAtMs: number): unknown {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: ATTR_SERVICE_NAME, value: { stringValue: PROCESSOR_SERVICE_NAME } }] },
        scopeLogs: [
          {
            scope: { name: PROCESSOR_SCOPE_NAME },
            logRecords: summaries.map((summary) => toOtlpLogRecord(summary, observedAtMs)),
          },
        ],
      },
    ],
  };
}
