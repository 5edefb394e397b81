import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../kernel/auth/index.js';
import { GridPermissions as P } from './grid.permissions.js';
import { AreaDetail, AreasQuery, CodeParams, FeatureCollection, LocateAnswer, LocateQuery, WorkersAnswer, WorkersBody } from './grid.schemas.js';
import type { GridService } from './grid.service.js';

const tags = ['grid'];

/** `/grid…`: point location, the areas as GeoJSON for the element map, an area's detail, grid workers. */
export function gridRoutes(service: GridService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/grid/locate',
      { schema: { tags, summary: '坐标落格：返回网格 → 社区 → 街道 → 区 → 市', querystring: LocateQuery, response: { 200: LocateAnswer } }, config: { access: P.read } },
      async (request) => service.locateOrFail(request.query),
    );
    app.get(
      '/grid/areas',
      {
        schema: {
          tags,
          summary: '网格区域（GeoJSON FeatureCollection，按层级 / 上级筛选，已简化供地图使用）',
          description: '不带参数：各区；只带 parent：其下一级；带 level 与 parent：parent 之下该层级的全部区域。',
          querystring: AreasQuery,
          response: { 200: FeatureCollection },
        },
        config: { access: P.read },
      },
      async (request) => service.areas(request.query),
    );
    app.get(
      '/grid/areas/:code',
      { schema: { tags, summary: '区域详情（上级链、边界、网格员）', params: CodeParams, response: { 200: AreaDetail } }, config: { access: P.read } },
      async (request) => service.area(request.params.code),
    );
    app.put(
      '/grid/areas/:code/workers',
      { schema: { tags, summary: '指派网格员（整体替换）', params: CodeParams, body: WorkersBody, response: { 200: WorkersAnswer } }, config: { access: P.manage } },
      async (request) => service.assignWorkers(principalOf(request), request.params.code, request.body.workers),
    );
  };
}
