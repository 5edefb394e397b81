import { sm3Hex } from '../../../kernel/crypto/index.js';
import type { Logger } from '../../../kernel/bus/index.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../broker/embedded-broker.js';
import { createMqttConsumer, type Consumer } from './mqtt-consumer.js';
import type { IngestPipeline } from './pipeline.js';

export interface IngestionSettings {
  /** External broker; unset: the embedded one on `embeddedHost:embeddedPort`. */
  mqttUrl: string | undefined;
  embeddedHost: string;
  embeddedPort: number;
  shareGroup: string;
  topicPrefix: string;
  connections: number;
  /** Names this node; its MQTT client ids derive from it, so they are the same after a restart. */
  nodeId: string;
}

export interface Ingestion {
  /** The broker the consumer is connected to. */
  readonly url: string;
  /** The embedded broker, when this node runs it. */
  readonly broker: EmbeddedBroker | null;
  readonly consumer: Consumer;
  /** Resolves once every consumer connection is subscribed (it keeps retrying until then). */
  readonly ready: Promise<void>;
  stop(options?: { forgetSession?: boolean }): Promise<void>;
}

/** MQTT client ids of a node: short (brokers may limit ids to 23 characters) and stable. */
export function clientIdPrefixOf(nodeId: string): string {
  return `yiwang-${sm3Hex(nodeId).slice(0, 8)}`;
}

/**
 * Starts telemetry ingestion on this node: the embedded broker when no external one is
 * configured (resolves once it listens), then the consumer (see `ready`).
 */
export async function startIngestion(pipeline: IngestPipeline, settings: IngestionSettings, logger: Logger): Promise<Ingestion> {
  const broker = settings.mqttUrl ? null : await startEmbeddedBroker({ host: settings.embeddedHost, port: settings.embeddedPort, logger });
  const url = settings.mqttUrl ?? broker!.url;
  const consumer = createMqttConsumer({
    url,
    pipeline,
    topicPrefix: settings.topicPrefix,
    shareGroup: settings.shareGroup,
    clientIdPrefix: clientIdPrefixOf(settings.nodeId),
    connections: settings.connections,
    logger,
  });
  if (broker) {
    logger.info({ url }, 'embedded MQTT broker listening');
  }
  return {
    url,
    broker,
    consumer,
    ready: consumer.start(),
    async stop(options) {
      await consumer.stop(options);
      await broker?.close();
    },
  };
}
