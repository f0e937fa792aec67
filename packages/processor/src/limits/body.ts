import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { RejectReason } from '@otel-rum/semconv';
import { RequestRejected } from './errors.js';

export interface BodyLimits {
  /** Largest request body accepted, as sent (compressed). */
  readonly maxBodyBytes: number;
  /** Largest body after decompression: the gzip-bomb cap. */
  readonly maxDecompressedBytes: number;
}

const MIN_GUNZIP_CHUNK_BYTES = 16 * 1024;
const MAX_GUNZIP_CHUNK_BYTES = 4 * 1024 * 1024;
/** Deflate cannot expand its input more than about 1032 times. */
const MAX_DEFLATE_RATIO = 1032;
/** A gzip member: 10 header bytes, deflate data, CRC-32, ISIZE. */
const GZIP_MIN_BYTES = 18;

/** Reads a request body, refusing it (413) as soon as it grows past the limit rather than after. */
export function readBody(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limits.maxBodyBytes) {
    return Promise.reject(tooLarge(limits.maxBodyBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limits.maxBodyBytes) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge(limits.maxBodyBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!refused) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    request.on('error', (error) => {
      if (!refused) reject(error);
    });
  });
}

function tooLarge(maxBodyBytes: number): RequestRejected {
  return new RequestRejected(413, RejectReason.BODY_TOO_LARGE, `request body larger than ${maxBodyBytes} bytes`);
}

/**
 * Undoes `Content-Encoding`. Inflation stops as soon as the output passes the cap (zlib's
 * `maxOutputLength`), so a bomb costs at most the cap in memory and time. Synchronous on purpose:
 * bodies are at most `maxBodyBytes`, and a thread-pool round trip costs more than it saves per core.
 */
export function decodeContent(body: Buffer, contentEncoding: string | undefined, limits: BodyLimits): Buffer {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') {
    if (body.length > limits.maxDecompressedBytes) throw tooLarge(limits.maxDecompressedBytes);
    return body;
  }
  if (encoding !== 'gzip') {
    throw new RequestRejected(415, RejectReason.UNSUPPORTED_MEDIA_TYPE, `unsupported content-encoding ${encoding}; send gzip or none`);
  }
  try {
    return gunzipSync(body, { maxOutputLength: limits.maxDecompressedBytes, chunkSize: gunzipChunkBytes(body, limits) });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RequestRejected(413, RejectReason.DECOMPRESSED_TOO_LARGE, `decompressed body larger than ${limits.maxDecompressedBytes} bytes`);
    }
    throw new RequestRejected(400, RejectReason.MALFORMED, `broken gzip body: ${(error as Error).message}`);
  }
}

/**
 * One output chunk the size gzip's trailer states (ISIZE, the last member's length mod 2^32) saves
 * joining pieces of a 0.5 MB batch. The trailer is the sender's word: it is believed only as far as
 * the compressed bytes could expand, the decompression cap and a few MiB allow, so a lie costs one
 * short-lived allocation before zlib's own check of the trailer refuses the body.
 */
function gunzipChunkBytes(body: Buffer, limits: BodyLimits): number {
  const stated = body.length >= GZIP_MIN_BYTES ? body.readUInt32LE(body.length - 4) : 0;
  // One byte of room: a chunk filled to the last byte makes zlib allocate another before it sees the end.
  const plausible = Math.min(stated + 1, body.length * MAX_DEFLATE_RATIO, limits.maxDecompressedBytes + 1, MAX_GUNZIP_CHUNK_BYTES);
  return Math.max(MIN_GUNZIP_CHUNK_BYTES, plausible);
}
