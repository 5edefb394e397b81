import { connect, type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from '../../../kernel/bus/index.js';
import type { IngestPipeline } from './pipeline.js';
import { telemetryFilter } from './topic.js';

export interface ConsumerOptions {
  /** mqtt://host:port (user and password may be in the URL). */
  url: string;
  pipeline: IngestPipeline;
  topicPrefix: string;
  /** Shared-subscription group; null subscribes plainly (then one connection only). */
  shareGroup: string | null;
  /** Stable per node: the broker keeps each connection's session (and messages queued while it is away) under `<prefix>-<n>`. */
  clientIdPrefix: string;
  connections: number;
  logger: Logger;
  /** Messages in the pipeline above which reading from the broker pauses (default 20,000). */
  highWater?: number;
}

export interface Consumer {
  /** Connects and subscribes; resolves once every connection is subscribed (retries until then). */
  start(): Promise<void>;
  /**
   * Waits for the messages in hand to commit and be acknowledged, then disconnects. The
   * broker keeps the sessions: what is published meanwhile waits for the next start.
   * `forgetSession` drops them instead (tests).
   */
  stop(options?: { forgetSession?: boolean }): Promise<void>;
  /**
   * Drops the connections at once, acknowledging nothing more: what a crash looks like to the
   * broker, which delivers everything unacknowledged again on the next start.
   */
  abort(): Promise<void>;
  /** Connections currently connected. */
  connected(): number;
}

// Handing this to mqtt.js's message callback makes it skip its own PUBACK: we send it once
// the message is committed. (mqtt.js acknowledges QoS 1 only after the callback, and handles
// one message at a time until then; acknowledging ourselves keeps the batch filling.)
const ACK_AFTER_COMMIT = new Error('acknowledged after commit');

type Sender = { _sendPacket(packet: { cmd: 'puback'; messageId: number }, cb?: () => void): void };

/**
 * Consumes device telemetry at QoS 1 with persistent sessions (clean session off) and a
 * shared subscription `$share/<group>/<prefix>/v1/+/+/telemetry`, so several nodes split
 * the stream and nothing published while a node restarts is lost. A message is acknowledged
 * only after the transaction holding it (or its reject record) has committed; the broker
 * redelivers anything unacknowledged, and the (device, ts) key stores a redelivery once.
 */
export function createMqttConsumer(options: ConsumerOptions): Consumer {
  const { pipeline, logger } = options;
  const count = options.shareGroup ? options.connections : 1;
  const highWater = options.highWater ?? 20_000;
  const filter = options.shareGroup ? `$share/${options.shareGroup}/${telemetryFilter(options.topicPrefix)}` : telemetryFilter(options.topicPrefix);
  const connections: Array<{ client: MqttClient; subscribed: Promise<void> }> = [];
  let stopping = false;

  function open(index: number): { client: MqttClient; subscribed: Promise<void> } {
    const clientId = `${options.clientIdPrefix}-${index}`;
    const client = connect(options.url, { clientId, clean: false, protocolVersion: 4, reconnectPeriod: 1_000, connectTimeout: 10_000, keepalive: 30, resubscribe: false });
    // Acknowledgements of one connection go out in the order its messages came in; those of
    // a connection that has closed are dropped (the broker delivers the messages again).
    let generation = 0;
    let acks: Array<{ messageId: number; done: boolean }> = [];
    const flush = (of: number) => {
      if (of !== generation) {
        return;
      }
      while (acks.length > 0 && acks[0]!.done) {
        (client as unknown as Sender)._sendPacket({ cmd: 'puback', messageId: acks.shift()!.messageId });
      }
    };
    client.on('close', () => {
      generation += 1;
      acks = [];
    });
    client.on('error', (error) => logger.warn({ clientId, err: error }, 'mqtt connection error'));
    client.handleMessage = (packet: IPublishPacket, callback) => {
      const message = { source: 'mqtt' as const, topic: packet.topic, payload: packet.payload as Buffer };
      if (packet.qos !== 1 || packet.messageId === undefined) {
        // QoS 0 needs no acknowledgement; QoS 2 is acknowledged by mqtt.js after the commit.
        pipeline.submit(message).then(
          () => callback(),
          (error: unknown) => {
            logger.error({ clientId, err: error }, 'telemetry could not be stored');
            callback(packet.qos === 2 ? (error as Error) : undefined);
          },
        );
        return;
      }
      const of = generation;
      const ack = { messageId: packet.messageId, done: false };
      acks.push(ack);
      pipeline.submit(message).then(
        () => {
          ack.done = true;
          flush(of);
        },
        (error: unknown) => {
          if (of === generation) {
            logger.error({ clientId, err: error }, 'telemetry could not be stored; reconnecting so that the broker delivers it again');
            client.stream?.destroy();
          }
        },
      );
      if (pipeline.pending < highWater) {
        callback(ACK_AFTER_COMMIT);
        return;
      }
      // Stop reading until the database has caught up; the broker holds the rest.
      const wait = () => (pipeline.pending < highWater / 2 || stopping ? callback(ACK_AFTER_COMMIT) : setTimeout(wait, 5));
      wait();
    };
    const subscribed = new Promise<void>((resolve) => {
      const subscribe = () => {
        client.subscribeAsync(filter, { qos: 1 }).then(
          (granted) => {
            if (granted.some((g) => g.qos === 128)) {
              logger.error({ clientId, filter }, 'the broker refused the telemetry subscription');
              return;
            }
            client.off('connect', subscribe);
            resolve();
          },
          (error: unknown) => logger.warn({ clientId, err: error }, 'subscribing failed; trying again on the next connection'),
        );
      };
      client.on('connect', subscribe);
    });
    return { client, subscribed };
  }

  return {
    async start() {
      stopping = false;
      for (let i = connections.length; i < count; i += 1) {
        connections.push(open(i + 1));
      }
      await Promise.all(connections.map((c) => c.subscribed));
      logger.info({ connections: count, filter, url: options.url.replace(/\/\/[^@/]*@/, '//***@') }, 'telemetry consumer subscribed');
    },
    async stop(stopOptions = {}) {
      stopping = true;
      await pipeline.drain();
      // Let the acknowledgements of committed messages reach the socket.
      await new Promise((resolve) => setImmediate(resolve));
      const closing = connections.splice(0);
      await Promise.all(closing.map(({ client }) => client.endAsync()));
      if (stopOptions.forgetSession) {
        await Promise.all(
          closing.map(async ({ client }) => {
            const forget = connect(options.url, { clientId: client.options.clientId!, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
            await new Promise<void>((resolve, reject) => {
              forget.once('connect', () => resolve());
              forget.once('error', reject);
            });
            await forget.endAsync();
          }),
        );
      }
    },
    async abort() {
      stopping = true;
      const closing = connections.splice(0);
      await Promise.all(closing.map(({ client }) => client.endAsync(true)));
    },
    connected: () => connections.filter((c) => c.client.connected).length,
  };
}
