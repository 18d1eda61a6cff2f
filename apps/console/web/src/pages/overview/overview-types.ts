/** The query API's overview answers as the console reads them (apps/query-service: reports, pipeline). */
export interface OrdersPerMinute {
  from: string;
  to: string;
  buckets: { minute: string; channel: string; orders: number }[];
}

export interface Funnel {
  from: string;
  to: string;
  placed: number;
  confirmed: number;
  allocated: number;
  shipped: number;
  delivered: number;
}

export interface ConsumerLag {
  group: string;
  service: string;
  topic: string;
  lag: number;
  partitions: { partition: number; lag: number }[];
}

export interface Pipeline {
  consumers: ConsumerLag[];
  deadLetters: { topic: string; count: number }[];
  projections: { projection: string; lagEvents: number; lagSeconds: number }[];
  at: string;
}
