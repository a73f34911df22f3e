// The CloudWatch Logs tailer, pure (no AWS SDK, no VS Code). The SDK adapters are in ./awsAdapters.
export { LogTailer, tailLogs, DEFAULT_TUNING, type TailOptions, type TailStats, type TailTuning } from './tailer';
export { trainingJobTarget, endpointTarget, formatLogLine, formatOutcome, formatTransition, formatUtc, type TailTarget } from './format';
export { endpointLogGroup, TRAINING_JOBS_LOG_GROUP } from '../facts';
export { classifyLogsError, type LogsError, type LogsErrorKind } from './errors';
export { systemClock, backoffDelay } from './clock';
export * from './types';
