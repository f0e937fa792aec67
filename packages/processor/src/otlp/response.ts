// ExportTraceServiceResponse: empty on full success; `partial_success` when some spans were dropped,
// so an OTel exporter logs why rather than retrying.

export interface PartialSuccess {
  readonly rejectedSpans: number;
  readonly errorMessage: string;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(payload.length)]), payload]);
}

export function encodeProtobufResponse(partial: PartialSuccess | undefined): Buffer {
  if (!partial) return Buffer.alloc(0);
  const message = Buffer.from(partial.errorMessage, 'utf8');
  const partialSuccess = Buffer.concat([Buffer.from([(1 << 3) | 0, ...varint(partial.rejectedSpans)]), lengthDelimited(2, message)]);
  return lengthDelimited(1, partialSuccess);
}

export function encodeJsonResponse(partial: PartialSuccess | undefined): string {
  return partial ? JSON.stringify({ partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } }) : '{}';
}
