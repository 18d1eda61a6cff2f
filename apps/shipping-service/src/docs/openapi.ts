import { BEARER_KEY_SCHEME, OpenApiDocument, PLATFORM_PATHS, referenceDataPaths } from '@orderflow/platform';
import { CARRIER_ROUTE } from '../manage-carriers/carriers.http-controller';

/** The shipping service's admin API: its carriers, with bodies generated from the schema it validates with (docs/adr/0024, 0032). */
export const SHIPPING_OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'orderflow shipping-service admin API',
    version: '1.0.0',
    description:
      'Admins manage the carriers parcels are booked with. Each change is an event in the store (its history is listed with every carrier) and takes ' +
      'effect without a restart; the environment variable SHIPPING_CARRIERS is only the first run\'s seed. Everything else of shipping arrives over Kafka.',
  },
  servers: [{ url: 'http://127.0.0.1:3012' }],
  tags: [
    { name: 'carriers', description: 'Carriers: service level, transit days, weight limit, countries served, tariff and tracking prefix' },
    { name: 'operations', description: 'Health, metrics and this document' },
  ],
  paths: {
    ...referenceDataPaths(CARRIER_ROUTE, {
      tag: 'carriers',
      put: 'Configure a carrier',
      list: 'The carriers, with their history',
      refusal: "a tracking prefix another carrier has, or a currency other than the other carriers'",
    }),
    ...PLATFORM_PATHS,
  },
  components: {
    schemas: {
      Error: { type: 'object', required: ['statusCode', 'message'], properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } } },
    },
    securitySchemes: BEARER_KEY_SCHEME,
  },
};
