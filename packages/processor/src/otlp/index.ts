export { ProtobufTraceDecoder } from './protobuf.js';
export { JsonTraceDecoder } from './json.js';
export { encodeJsonResponse, encodeProtobufResponse, type PartialSuccess } from './response.js';
export { MalformedOtlp, type AttributeLimits, type DecodedRequest, type DecodedResource, type DecodedSpan } from './types.js';
