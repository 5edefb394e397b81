import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { baseUrlOf } from '../ckan/ckan.routes.js';
import type { PortalService } from '../portal.service.js';
import type { SearchRepository } from '../search.repository.js';
import { catalogueNodes } from './dcat.js';
import { toJsonLd, toTurtle } from './rdf.js';

const tags = ['opendata'];

/** The DCAT-AP catalogue at stable URLs: `/opendata/catalog.ttl` (Turtle) and `/opendata/catalog.jsonld` (JSON-LD). */
export function dcatRoutes(deps: { portal: PortalService; search: SearchRepository }): FastifyPluginAsync {
  async function nodes(base: string) {
    const datasets = await deps.search.allPublished();
    const distributions = await deps.portal.distributions(datasets.map((d) => d.id));
    return catalogueNodes({ base, datasets, distributions });
  }

  return async (app) => {
    app.get(
      '/opendata/catalog.ttl',
      { schema: { tags, summary: 'DCAT-AP 开放数据目录（Turtle）', response: { 200: Type.String() } }, config: { access: 'public' } },
      async (request, reply) => reply.type('text/turtle; charset=utf-8').send(toTurtle(await nodes(baseUrlOf(request)))),
    );
    app.get(
      '/opendata/catalog.jsonld',
      { schema: { tags, summary: 'DCAT-AP 开放数据目录（JSON-LD）' }, config: { access: 'public' } },
      async (request, reply) => reply.type('application/ld+json; charset=utf-8').send(JSON.stringify(toJsonLd(await nodes(baseUrlOf(request))))),
    );
  };
}
