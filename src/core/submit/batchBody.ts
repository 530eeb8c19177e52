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
/** Serialised text is encoded straight into a buffer of this size, which a Blob (native memory) copies when full. */
const CHUNK_BYTES = 1024 * 1024;
const encoder = new TextEncoder();

/**
 * Collects one batch's body: each request's JSON is encoded once, into a reused buffer; each full buffer becomes
 * a small Blob, and the Blob of Blobs copies nothing. (A Blob made from strings encodes each one into a buffer of
 * its own first: three times the work of the JSON.stringify itself, and as much garbage.)
 */
class BodyWriter {
  readonly customIds: string[] = [];
  bytes = OPEN.length + CLOSE.length;
  private readonly blobs: Blob[] = [];
  private readonly buffer = new Uint8Array(CHUNK_BYTES);
  private used = 0;

  constructor() {
    this.write(OPEN);
  }

  fits(bytes: number, limits: BatchLimits): boolean {
    const separator = this.customIds.length ? 1 : 0;
    return this.customIds.length < limits.maxRequests && this.bytes + separator + bytes <= limits.maxBytes;
  }

  add(customId: string, json: string, bytes: number): void {
    const separator = this.customIds.length ? 1 : 0;
    if (separator) this.write(',');
    this.write(json);
    this.customIds.push(customId);
    this.bytes += separator + bytes;
  }

  private write(text: string): void {
    let rest = text;
    for (;;) {
      // encodeInto stops before a character that does not fit whole, so `read` is always a boundary.
      const { read, written } = encoder.encodeInto(rest, this.buffer.subarray(this.used));
      this.used += written;
      if (read === rest.length) return;
      this.flush();
      rest = rest.slice(read);
    }
  }

  private flush(): void {
    this.blobs.push(new Blob([this.buffer.subarray(0, this.used)]));
    this.used = 0;
  }

  finish(): BatchBody {
    this.write(CLOSE);
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
