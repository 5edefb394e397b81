/**
 * Request URLs as they may be logged: without the query string (search terms, purposes)
 * and with anything shaped like a citizen ID number, a phone number or an API key masked,
 * so that request logs never hold personal identifiers in clear.
 */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path
    .replace(/\d{17}[\dXx]/g, (id) => `${id.slice(0, 4)}**********${id.slice(-4)}`)
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`)
    .replace(/yw_[a-z0-9]{8}_[A-Za-z0-9_-]+/g, 'yw_********');
}

/** Pino serializer for Fastify's request log lines. */
export function serializeRequest(request: { method: string; url: string; ip?: string; hostname?: string }) {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
}
