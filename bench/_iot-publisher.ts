// Child process of bench/iot-ingest: publishes `<count>` telemetry messages at QoS 1 as fast
// as the broker acknowledges them, round robin over the devices in `<devices file>`.
// Prints `DONE <sent> <elapsed ms>`.
import fs from 'node:fs';
import { runSimulator, simulationProfiles, type SimulatedDevice } from '../src/modules/iot/index.js';

const [url, prefix, devicesFile, count] = process.argv.slice(2);
const devices = JSON.parse(fs.readFileSync(devicesFile!, 'utf8')) as SimulatedDevice[];
const done = await runSimulator({ url: url!, topicPrefix: prefix!, devices, profiles: simulationProfiles(), rate: 0, count: Number(count), connections: 4, window: 1000 });
process.stdout.write(`DONE ${done.sent} ${done.elapsedMs}\n`);
