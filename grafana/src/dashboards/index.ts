import { errorsFrustrationDashboard } from './errors-frustration.js';
import { frontendBackendDashboard } from './frontend-backend.js';
import { overviewDashboard } from './overview.js';
import { sessionsDashboard } from './sessions.js';
import type { RumDashboard } from './shared.js';
import { webVitalsDashboard } from './web-vitals.js';

export { DatasourceUid, type RumDashboard } from './shared.js';
export { lokiName, sessionSummaryQuery } from './sessions.js';
export { userActionTraceQuery } from './frontend-backend.js';

export const DASHBOARDS: readonly RumDashboard[] = [
  overviewDashboard,
  webVitalsDashboard,
  errorsFrustrationDashboard,
  sessionsDashboard,
  frontendBackendDashboard,
];
