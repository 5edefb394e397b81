import { sm3Hex } from '../../../kernel/crypto/index.js';
import type { Logger } from '../../../kernel/bus/index.js';
import { createBrokerAuth, type BrokerDevice } from '../broker/broker-auth.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../broker/embedded-broker.js';
import { withPlatformLogin } from '../broker/platform-secret.js';
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

/** Who may log in to the embedded broker; without it, anyone may (tests). */
export interface EmbeddedLogin {
  platformSecret: string;
  authenticateDevice(credential: string): Promise<BrokerDevice | null>;
}

/**
 * Starts telemetry ingestion on this node: the embedded broker when no external one is
 * configured (resolves once it listens), then the consumer (see `ready`).
 */
export async function startIngestion(pipeline: IngestPipeline, settings: IngestionSettings, logger: Logger, login?: EmbeddedLogin): Promise<Ingestion> {
  const auth = login && createBrokerAuth({ ...login, topicPrefix: settings.topicPrefix });
  const broker = settings.mqttUrl ? null : await startEmbeddedBroker({ host: settings.embeddedHost, port: settings.embeddedPort, logger, ...(auth ? { auth } : {}) });
  const url = settings.mqttUrl ?? broker!.url;
  const consumer = createMqttConsumer({
    url: broker && login ? withPlatformLogin(url, login.platformSecret) : url,
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
