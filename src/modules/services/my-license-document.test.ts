import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestsTo, startDemoApp, type DemoApp } from './applications.testkit.js';

interface MyLicense {
  id: string;
  identifier: string;
  name: string;
  type: { name: string };
}

describe('我的证照: GET /services/my/licenses and …/:id/document', () => {
  let demo: DemoApp;
  const { get } = requestsTo(() => demo.app);

  beforeAll(async () => {
    demo = await startDemoApp(['zhangsan', 'chuangyi', 'officer']);
  }, 120_000);
  afterAll(async () => {
    await demo?.app.close();
    await demo?.platform.close();
  });

  const myLicenses = async (cookie: string) => ((await get('/services/my/licenses', cookie)).json() as { items: MyLicense[] }).items;

  it('lists the holder\'s licenses with the labels of their surface fields', async () => {
    const [estate] = ((await get('/services/my/licenses', demo.cookies.zhangsan)).json() as { items: Array<MyLicense & { data: Record<string, unknown>; labels: Record<string, string> }> }).items.filter(
      (l) => l.type.name === '不动产权证书',
    );
    expect(Object.keys(estate!.data).length).toBeGreaterThan(0);
    for (const key of Object.keys(estate!.data)) {
      expect(estate!.labels[key], key).toMatch(/\p{Script=Han}/u);
    }
  });

  it('sends the holder the signed document of their own license, as an attachment with its verification link', async () => {
    const [estate] = (await myLicenses(demo.cookies.zhangsan!)).filter((l) => l.type.name === '不动产权证书');
    expect(estate).toBeDefined();
    const response = await get(`/services/my/licenses/${estate!.id}/document`, demo.cookies.zhangsan);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${estate!.identifier}.json"`);
    const document = response.json() as { content: { identifier: string; holder: { name: string } }; signature: unknown; verifyUrl: string };
    expect(document.content.identifier).toBe(estate!.identifier);
    expect(document.content.holder.name).toBe('徐佳丽');
    expect(document.signature).toBeTruthy();
    expect(document.verifyUrl).toContain(`/verify/${estate!.identifier}`);
    expect((await demo.platform.licenses.verify(document as never)).status).toBe('valid');
  });

  it("answers 404 for another holder's license and for an unknown one", async () => {
    const [business] = await myLicenses(demo.cookies.chuangyi!);
    expect(business).toBeDefined();
    const other = await get(`/services/my/licenses/${business!.id}/document`, demo.cookies.zhangsan);
    expect(other.statusCode).toBe(404);
    expect((other.json() as { error: { code: string } }).error.code).toBe('LICENSES_LICENSE_NOT_FOUND');
    const unknown = await get('/services/my/licenses/6f1c2a7e-0000-4000-8000-000000000000/document', demo.cookies.zhangsan);
    expect(unknown.statusCode).toBe(404);
  });

  it('is for applicants only', async () => {
    const [estate] = await myLicenses(demo.cookies.zhangsan!);
    expect((await get(`/services/my/licenses/${estate!.id}/document`, demo.cookies.officer)).statusCode).toBe(403);
    expect((await get(`/services/my/licenses/${estate!.id}/document`)).statusCode).toBe(401);
  });
});
