import { ComponentType } from 'react';
import { DeadLettersPage } from './pages/DeadLetters';
import { OrderDetailPage } from './pages/OrderDetail';
import { OrdersPage } from './pages/Orders';
import { OverviewPage } from './pages/Overview';
import { ProjectionsPage } from './pages/Projections';
import { QueuesPage } from './pages/Queues';
import { ReportsPage } from './pages/Reports';
import { StockPage } from './pages/Stock';

/** A page of the console: where it lives, and which permission (any of) its key needs to see it. */
export interface PageRoute {
  path: string;
  title: string;
  /** Shown in the main navigation (the order page is reached from a search). */
  nav: boolean;
  anyOf: string[];
  component: ComponentType<{ params: Record<string, string> }>;
}

export const PAGES: PageRoute[] = [
  { path: '/', title: 'Overview', nav: true, anyOf: ['orders:read', 'reports:read', 'projections:read'], component: OverviewPage },
  { path: '/orders', title: 'Orders', nav: true, anyOf: ['orders:read'], component: OrdersPage },
  { path: '/orders/:orderId', title: 'Order', nav: false, anyOf: ['orders:read'], component: OrderDetailPage },
  { path: '/queues', title: 'Work queues', nav: true, anyOf: ['inventory:read', 'shipments:read', 'orders:read', 'returns:read'], component: QueuesPage },
  { path: '/stock', title: 'Stock', nav: true, anyOf: ['inventory:read'], component: StockPage },
  { path: '/reports', title: 'Reports', nav: true, anyOf: ['reports:read'], component: ReportsPage },
  { path: '/dead-letters', title: 'Dead letters', nav: true, anyOf: ['dead-letters:handle'], component: DeadLettersPage },
  { path: '/projections', title: 'Projections and audit', nav: true, anyOf: ['projections:read', 'audit:read'], component: ProjectionsPage },
];
