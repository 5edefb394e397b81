import net from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from '../../../kernel/bus/index.js';
import type { BrokerAuth } from './broker-auth.js';
import { sharedSubscriptions } from './shared-subscriptions.js';

export interface EmbeddedBroker {
  /** mqtt://host:port to connect to. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The MQTT broker yiwang runs itself when no MQTT_URL is configured: Aedes in memory, with
 * shared subscriptions added. It suits one machine and the demo; messages the broker holds
 * are lost with the process, so production uses an external broker (Mosquitto, EMQX).
 * Without `auth` anyone may connect (tests); `yiwang start` passes the devices' login.
 */
export async function startEmbeddedBroker(options: { host: string; port: number; logger: Logger; auth?: BrokerAuth }): Promise<EmbeddedBroker> {
  const shared = sharedSubscriptions();
  const { auth } = options;
  const broker = await Aedes.createBroker({
    ...(auth ? { authenticate: auth.authenticate } : {}),
    authorizeSubscribe: auth ? auth.authorizeSubscribe(shared.authorizeSubscribe) : shared.authorizeSubscribe,
    published: shared.published,
    // `$…` topics belong to brokers (and hold the parked shared subscriptions).
    authorizePublish: auth
      ? auth.authorizePublish
      : (_client, packet, callback) => callback(packet.topic.startsWith('$') ? new Error('topics starting with $ are reserved') : null),
    // Node ids in client ids are hashed to a few characters, but other clients may be longer.
    maxClientsIdLength: 128,
  });
  shared.attach(broker);
  broker.on('clientError', (client, error) => options.logger.warn({ clientId: client.id, err: error }, 'mqtt client error'));
  const server = net.createServer(broker.handle);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (error) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }
  const address = server.address() as net.AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
