/**
 * Reads an HTTP answer's body with a limit, so a hostile or broken server cannot make us hold
 * gigabytes: a Content-Length over the limit is refused before reading, and a body that grows past
 * it is cancelled at that point. An answer for 500 records is far under 1 MB.
 */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export type CappedBody = { ok: true; text: string } | { ok: false; bytesSeen: number };

export async function readCappedText(res: Response, maxBytes: number = MAX_ANSWER_BYTES): Promise<CappedBody> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, bytesSeen: 0 };
  }
  if (res.body === null) return { ok: true, text: '' };
  // An HTTP body is a byte stream (fetch's Response.body is ReadableStream<Uint8Array>).
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, bytesSeen: total };
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  // Same decoding as Response.text(): UTF-8, invalid bytes replaced.
  return { ok: true, text: new TextDecoder('utf-8').decode(all) };
}
