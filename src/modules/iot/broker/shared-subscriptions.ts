import type { Aedes, AedesPublishPacket, Client, Subscription } from 'aedes';

const SHARE = '$share/';
// Where a shared subscription is parked in the client's session: nothing is published
// here, so the member receives only what the group hands it.
const PARKED = '$yiwang-shared/';

/** Whether an MQTT topic filter (with + and #) matches a topic name. */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && !filter.startsWith('$')) {
    return false;
  }
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i += 1) {
    if (f[i] === '#') {
      return true;
    }
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) {
      return false;
    }
  }
  return f.length === t.length;
}

// Parts of the broker its type declarations leave out: connected clients by id (Client.md),
// the packet counter, and the persistence interface of aedes-persistence.
interface BrokerInternals {
  id: string;
  clients: Record<string, Client | undefined>;
  counter: number;
  persistence: { outgoingEnqueue(sub: { clientId: string }, packet: object): Promise<void> };
}

interface Group {
  filter: string;
  members: string[];
  next: number;
}

/**
 * Shared subscriptions (`$share/<group>/<filter>`, as Mosquitto and EMQX offer them) for the
 * embedded Aedes broker, which has none of its own. A member's subscription is parked in its
 * session under a topic nothing is published to; each message matching a group's filter is
 * handed to one member in turn — online, or queued in its persistent session when offline
 * (as Mosquitto does) — before the publisher gets its PUBACK. Members leave when their
 * session ends (a clean session) or when they unsubscribe.
 */
export function sharedSubscriptions() {
  const groups = new Map<string, Group>();
  let broker: BrokerInternals | null = null;

  function join(name: string, filter: string, clientId: string): void {
    const key = `${name}\u0000${filter}`;
    const group = groups.get(key) ?? { filter, members: [], next: 0 };
    if (!group.members.includes(clientId)) {
      group.members.push(clientId);
    }
    groups.set(key, group);
  }

  function leave(clientId: string, only?: { name: string; filter: string }): void {
    for (const [key, group] of groups) {
      if (only && key !== `${only.name}\u0000${only.filter}`) {
        continue;
      }
      group.members = group.members.filter((m) => m !== clientId);
      if (group.members.length === 0) {
        groups.delete(key);
      }
    }
  }

  /** `name/filter` of a `$share/…` or parked topic. */
  function parse(topic: string): { name: string; filter: string } | null {
    const rest = topic.startsWith(SHARE) ? topic.slice(SHARE.length) : topic.startsWith(PARKED) ? topic.slice(PARKED.length) : null;
    const slash = rest?.indexOf('/') ?? -1;
    if (!rest || slash <= 0 || slash === rest.length - 1) {
      return null;
    }
    const name = rest.slice(0, slash);
    return /[+#]/.test(name) ? null : { name, filter: rest.slice(slash + 1) };
  }

  function deliver(clientId: string, packet: AedesPublishPacket): Promise<void> {
    const message = { cmd: 'publish' as const, topic: packet.topic, payload: packet.payload, qos: packet.qos, retain: false, dup: false };
    const internals = broker!;
    const online = internals.clients[clientId];
    if (online && !online.closed) {
      return new Promise((resolve) => online.publish(message, () => resolve()));
    }
    // QoS 0 is not kept for an absent member, as for any subscriber.
    if (packet.qos === 0) {
      return Promise.resolve();
    }
    internals.counter += 1;
    return internals.persistence.outgoingEnqueue({ clientId }, { ...message, brokerId: internals.id, brokerCounter: internals.counter });
  }

  return {
    /** Wires the broker's events; call once the broker exists. */
    attach(instance: Aedes): void {
      broker = instance as unknown as BrokerInternals;
      instance.on('client', (client: Client) => {
        if (client.clean) {
          leave(client.id);
        }
      });
      instance.on('clientDisconnect', (client: Client) => {
        if (client.clean) {
          leave(client.id);
        }
      });
      instance.on('unsubscribe', (topics: string[], client: Client) => {
        for (const topic of topics) {
          const shared = parse(topic);
          if (shared) {
            leave(client.id, shared);
          }
        }
      });
    },
    authorizeSubscribe(client: Client, sub: Subscription, callback: (error: Error | null, subscription?: Subscription | null) => void): void {
      const shared = parse(sub.topic);
      if (!shared) {
        callback(null, sub);
        return;
      }
      join(shared.name, shared.filter, client.id);
      callback(null, { ...sub, topic: `${PARKED}${shared.name}/${shared.filter}` });
    },
    published(packet: AedesPublishPacket, _client: Client | null, callback: (error?: Error) => void): void {
      if (packet.topic.startsWith('$') || groups.size === 0) {
        callback();
        return;
      }
      const handed: Array<Promise<void>> = [];
      for (const group of groups.values()) {
        if (topicMatches(group.filter, packet.topic)) {
          const member = group.members[group.next % group.members.length]!;
          group.next = (group.next + 1) % group.members.length;
          handed.push(deliver(member, packet));
        }
      }
      Promise.all(handed).then(
        () => callback(),
        (error: unknown) => callback(error as Error),
      );
    },
  };
}
