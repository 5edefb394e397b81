import { timingSafeEqual } from 'node:crypto';
import type { AuthenticateError, Client, PublishPacket, Subscription } from 'aedes';
import { telemetryTopic } from '../ingest/topic.js';

/** The user name yiwang's own clients (the telemetry consumer, the simulator) log in with. */
export const PLATFORM_MQTT_USER = 'yiwang';

/** A device that may log in: its code and type name the one topic it may publish to. */
export interface BrokerDevice {
  code: string;
  typeCode: string;
}

export interface BrokerAuthOptions {
  /** The password of `PLATFORM_MQTT_USER`. */
  platformSecret: string;
  topicPrefix: string;
  /** The device a publishing credential (`ywd_…`) belongs to, or null. */
  authenticateDevice(credential: string): Promise<BrokerDevice | null>;
}

type Identity = { kind: 'platform' } | { kind: 'device'; topic: string };

type AuthenticateDone = (error: AuthenticateError | null, success: boolean | null) => void;
type SubscribeDone = (error: Error | null, subscription?: Subscription | null) => void;

export interface BrokerAuth {
  authenticate(client: Client, username: Readonly<string | undefined>, password: Readonly<Buffer | undefined>, done: AuthenticateDone): void;
  /** Devices publish to their own telemetry topic only; yiwang's clients anywhere but `$…`. */
  authorizePublish(client: Client | null, packet: PublishPacket, callback: (error?: Error | null) => void): void;
  /** Devices subscribe to nothing; yiwang's clients go on to `next` (the shared-subscription hook). */
  authorizeSubscribe(next: (client: Client, sub: Subscription, callback: SubscribeDone) => void): (client: Client, sub: Subscription, callback: SubscribeDone) => void;
}

/** MQTT CONNACK return code 4 (3.1.1) with Aedes' error shape. */
function badCredentials(): AuthenticateError {
  return Object.assign(new Error('bad user name or password'), { returnCode: 4 as AuthenticateError['returnCode'] });
}

function sameSecret(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Who may use the embedded broker: devices log in with their code as the user name and
 * their publishing credential as the password, and may publish only to their own
 * telemetry topic; yiwang's own clients log in as `yiwang` with the platform's MQTT secret.
 * Anonymous clients are refused.
 */
export function createBrokerAuth(options: BrokerAuthOptions): BrokerAuth {
  const identities = new WeakMap<Client, Identity>();
  const platformSecret = Buffer.from(options.platformSecret);
  return {
    authenticate(client, username, password, done) {
      if (!username || !password) {
        done(badCredentials(), false);
        return;
      }
      if (username === PLATFORM_MQTT_USER) {
        if (!sameSecret(password, platformSecret)) {
          done(badCredentials(), false);
          return;
        }
        identities.set(client, { kind: 'platform' });
        done(null, true);
        return;
      }
      options.authenticateDevice(password.toString('utf8')).then(
        (device) => {
          if (!device || device.code !== username) {
            done(badCredentials(), false);
            return;
          }
          identities.set(client, { kind: 'device', topic: telemetryTopic(options.topicPrefix, device.typeCode, device.code) });
          done(null, true);
        },
        () => done(Object.assign(new Error('device directory unavailable'), { returnCode: 3 as AuthenticateError['returnCode'] }), false),
      );
    },
    authorizePublish(client, packet, callback) {
      if (packet.topic.startsWith('$')) {
        callback(new Error('topics starting with $ are reserved'));
        return;
      }
      const identity = client ? identities.get(client) : undefined;
      if (identity?.kind === 'platform' || (identity?.kind === 'device' && identity.topic === packet.topic)) {
        callback(null);
        return;
      }
      callback(new Error(`client ${client?.id ?? '?'} may not publish to ${packet.topic}`));
    },
    authorizeSubscribe(next) {
      return (client, sub, callback) => {
        if (identities.get(client)?.kind !== 'platform') {
          callback(null, null);
          return;
        }
        next(client, sub, callback);
      };
    },
  };
}
