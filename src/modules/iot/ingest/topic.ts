/**
 * Telemetry topics: `<prefix>/v1/<typeCode>/<deviceCode>/telemetry` (see README.md). The
 * prefix (YIWANG_MQTT_TOPIC_PREFIX, default `yiwang`) lets several deployments share a broker.
 */
export function telemetryTopic(prefix: string, typeCode: string, deviceCode: string): string {
  return `${prefix}/v1/${typeCode}/${deviceCode}/telemetry`;
}

/** The subscription filter matching every device's telemetry. */
export function telemetryFilter(prefix: string): string {
  return `${prefix}/v1/+/+/telemetry`;
}

/** The type and device named by a telemetry topic, or null when the topic is not one. */
export function parseTelemetryTopic(prefix: string, topic: string): { typeCode: string; deviceCode: string } | null {
  const head = `${prefix}/v1/`;
  if (!topic.startsWith(head) || !topic.endsWith('/telemetry')) {
    return null;
  }
  const parts = topic.slice(head.length, topic.length - '/telemetry'.length).split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    return null;
  }
  return { typeCode: parts[0], deviceCode: parts[1] };
}
