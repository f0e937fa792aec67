export { describeClient } from './client.js';
export { foldPath, pathOf, PageGroups, ID_SEGMENT, type PageGroupRule, type PageGroupSettings } from './page-groups.js';
export { UserAgentAnalyzer, DEFAULT_BOT_PATTERNS, type UserAgentDetails } from './user-agent.js';
