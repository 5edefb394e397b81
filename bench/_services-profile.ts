// Times the parts of one submission (development aid for bench/services-apply).
import { createTestDatabase, testConfig } from '../src/kernel/testing/test-platform.js';
import { createPlatform } from '../src/platform.js';
import { FOOD_ITEM, foodForm, foodMaterials } from './_services-fixture.js';

const database = await createTestDatabase({ migrate: false });
const platform = await createPlatform(testConfig(), { database });
await platform.loadDemo();
const principal = (await platform.org.auth.userPrincipalByUsername('chuangyi'))!;
const services = platform.services.applications;
const materials = await foodMaterials((file) => services.uploadFile(principal, file));
const time = async (label: string, fn: () => Promise<unknown>, n = 30) => {
  await fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    await fn();
  }
  console.log(label.padEnd(20), ((performance.now() - t) / n).toFixed(2), 'ms');
};
const item = (await platform.services.getItem(FOOD_ITEM))!;
await time('getItem', () => platform.services.getItem(FOOD_ITEM));
await time('procedure', () => platform.services.procedures.current(item.id));
await time('licenses.list', () => platform.licenses.listForHolder('91420700042070699W'));
await time('licenses.type', () => platform.licenses.service.getType('114207000110010179002'));
await time('registry.entity', () => platform.registry.service.findEntityByCreditCode('91420700042070699W'));
await time('audit.append', () => database.db.transaction().execute((trx) => platform.audit.append(trx, { actor: 'x', action: 'bench.x', target: 'x', details: { a: 1 } })));
await time('submit', () => services.submit(principal, { item: FOOD_ITEM, form: foodForm(), materials }));
await platform.close();
