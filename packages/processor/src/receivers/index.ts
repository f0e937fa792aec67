export { HttpReceiver, HEALTH_PATH, METRICS_PATH, TRACES_PATH, type HttpReceiverOptions, type MetricsEndpoint } from './http.js';
export { GrpcReceiver, type GrpcReceiverOptions } from './grpc.js';
