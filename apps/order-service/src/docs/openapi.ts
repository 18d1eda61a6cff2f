import { BEARER_KEY_SCHEME, OpenApiDocument, PLATFORM_PATHS, referenceDataPaths } from '@orderflow/platform';
import { CHANNEL_ROUTE, LEAD_TIME_ROUTE, PRODUCT_ROUTE } from '../manage-reference-data/reference-data.http-controllers';

/** The order service's admin API: its reference data, with bodies generated from the schemas it validates with (docs/adr/0024, 0032). */
export const ORDER_OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'orderflow order-service admin API',
    version: '1.0.0',
    description:
      'Admins manage the reference data orders are judged by: sales channels, lead times and the product catalogue. Each change is an event in the store ' +
      '(its history is listed with every entity) and takes effect without a restart; the environment variables ORDER_CHANNELS and ORDER_LEAD_TIME_DAYS ' +
      'are only the first run\'s seed. Orders themselves arrive over Kafka. Money is integer minor units.',
  },
  servers: [{ url: 'http://127.0.0.1:3010' }],
  tags: [
    { name: 'channels', description: "Sales channels: currencies, payment mode, price check and the authorisation's timeout" },
    { name: 'lead-times', description: 'Days from confirmation to delivery, per destination country' },
    { name: 'products', description: 'The catalogue: name, weight and prices per channel and currency' },
    { name: 'operations', description: 'Health, metrics and this document' },
  ],
  paths: {
    ...referenceDataPaths(CHANNEL_ROUTE, { tag: 'channels', put: "Configure a channel's settings", list: 'The channels, with their history' }),
    ...referenceDataPaths(LEAD_TIME_ROUTE, { tag: 'lead-times', put: "Set a country's lead time", list: 'The lead times, with their history' }),
    ...referenceDataPaths(PRODUCT_ROUTE, {
      tag: 'products',
      put: 'Register a product, or change it',
      list: 'The catalogue, with its history',
      refusal: 'a price for a channel that is not configured',
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
