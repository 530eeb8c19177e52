// The bodies of batch create calls, serialised one request at a time into Blobs: the whole payload is never held
// as one string next to its objects, and a queue beyond the API's limits becomes several batches.
import { RequestTooLargeError } from '../errors';
import type { BatchRequest } from '../requests/requestBuilder';

export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

/**
 * The Message Batches API's limits per batch (../shared/notes/batches-api.md). "256 MB" is read the stricter
 * way, 256,000,000 bytes, and a 2% margin is kept below it for what we do not count (headers, framing).
 */
export const API_LIMITS: BatchLimits = { maxRequests: 100_000, maxBytes: 250_880_000 };

/** One create call's body, ready to send, and which tasks it carries. */
export interface BatchBody {
  blob: Blob;
  /** The requests' custom_ids (our task ids), in body order. */
  customIds: string[];
  bytes: number;
}

const OPEN = '{"requests":[';
const CLOSE = ']}';
/** Serialised text is handed to a Blob (native memory) in chunks of about this size, then dropped. */
const CHUNK_BYTES = 1024 * 1024;

/** Collects one batch's body: strings become small Blobs as they pile up; the Blob of Blobs copies nothing. */
class BodyWriter {
  readonly customIds: string[] = [];
  bytes = OPEN.length + CLOSE.length;
  private readonly blobs: Blob[] = [];
  private chunk: string[] = [OPEN];
  private chunkBytes = OPEN.length;

  fits(bytes: number, limits: BatchLimits): boolean {
    const separator = this.customIds.length ? 1 : 0;
    return this.customIds.length < limits.maxRequests && this.bytes + separator + bytes <= limits.maxBytes;
  }

  add(customId: string, json: string, bytes: number): void {
    const separator = this.customIds.length ? 1 : 0;
    if (separator) this.chunk.push(',');
    this.chunk.push(json);
    this.customIds.push(customId);
    this.bytes += separator + bytes;
    this.chunkBytes += separator + bytes;
    if (this.chunkBytes >= CHUNK_BYTES) this.flush();
  }

  private flush(): void {
    this.blobs.push(new Blob(this.chunk));
    this.chunk = [];
    this.chunkBytes = 0;
  }

  finish(): BatchBody {
    this.chunk.push(CLOSE);
    this.flush();
    return { blob: new Blob(this.blobs, { type: 'application/json' }), customIds: this.customIds, bytes: this.bytes };
  }
}

/**
 * Serialises requests, in order, into as few bodies as the limits allow. Requests may be produced lazily
 * (an async generator), so that only one exists at a time. Throws RequestTooLargeError for a request that
 * alone exceeds the byte limit.
 */
export async function encodeBatches(
  requests: AsyncIterable<BatchRequest> | Iterable<BatchRequest>,
  limits: BatchLimits = API_LIMITS,
): Promise<BatchBody[]> {
  const bodies: BatchBody[] = [];
  let writer = new BodyWriter();
  for await (const request of requests) {
    const json = JSON.stringify(request);
    const bytes = Buffer.byteLength(json);
    if (OPEN.length + CLOSE.length + bytes > limits.maxBytes)
      throw new RequestTooLargeError(request.custom_id, bytes, limits.maxBytes);
    if (!writer.fits(bytes, limits)) {
      bodies.push(writer.finish());
      writer = new BodyWriter();
    }
    writer.add(request.custom_id, json, bytes);
  }
  if (writer.customIds.length) bodies.push(writer.finish());
  return bodies;
}
