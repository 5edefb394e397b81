import {
  ApartmentOutlined,
  AuditOutlined,
  CloudServerOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  InboxOutlined,
  KeyOutlined,
  LineChartOutlined,
  MailOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  ShopOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import {
  AlertOutlined,
  ApiOutlined,
  ControlOutlined,
  EnvironmentOutlined,
  GlobalOutlined,
  OrderedListOutlined,
  PhoneOutlined,
  ProfileOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { MessageKey } from './i18n';

/**
 * One entry of the console: its route, its menu item and the permission both need.
 * A module adds its pages here, in one place; the menu and the routes follow.
 */
export interface NavEntry {
  /** Route path; also the menu key. Sub-paths (`/org/users/42`) select the same menu item. */
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Permission code the user must hold to see the item and open the page; null for everyone. */
  permission: string | null;
  page: LazyExoticComponent<ComponentType>;
}

export const navigation: readonly NavEntry[] = [
  {
    path: '/',
    label: 'nav.home',
    icon: <HomeOutlined />,
    permission: null,
    page: lazy(() => import('./pages/home/HomePage')),
  },
  {
    path: '/services',
    label: 'nav.services',
    icon: <ShopOutlined />,
    permission: null,
    page: lazy(() => import('./pages/services/ServicesPage')),
  },
  {
    path: '/services/handle',
    label: 'nav.servicesHandle',
    icon: <FileDoneOutlined />,
    permission: 'services.application.handle',
    page: lazy(() => import('./pages/services/officer/OfficerPage')),
  },
  {
    path: '/org/divisions',
    label: 'nav.divisions',
    icon: <ClusterOutlined />,
    permission: 'org.read',
    page: lazy(() => import('./pages/org/DivisionsPage')),
  },
  {
    path: '/org/organisations',
    label: 'nav.organisations',
    icon: <ApartmentOutlined />,
    permission: 'org.read',
    page: lazy(() => import('./pages/org/OrganisationsPage')),
  },
  {
    path: '/org/users',
    label: 'nav.users',
    icon: <TeamOutlined />,
    permission: 'user.read',
    page: lazy(() => import('./pages/org/UsersPage')),
  },
  {
    path: '/catalog',
    label: 'nav.catalog',
    icon: <DatabaseOutlined />,
    permission: 'catalog.read',
    page: lazy(() => import('./pages/catalog/CatalogPage')),
  },
  {
    path: '/exchange/requests',
    label: 'nav.exchangeRequest',
    icon: <SendOutlined />,
    permission: 'exchange.request',
    page: lazy(() => import('./pages/exchange/ExchangeRequestPage')),
  },
  {
    path: '/exchange/inbox',
    label: 'nav.exchangeInbox',
    icon: <InboxOutlined />,
    permission: 'exchange.approve',
    page: lazy(() => import('./pages/exchange/ExchangeInboxPage')),
  },
  {
    path: '/exchange/grants',
    label: 'nav.exchangeGrants',
    icon: <KeyOutlined />,
    permission: 'exchange.request',
    page: lazy(() => import('./pages/exchange/ExchangeGrantsPage')),
  },
  {
    path: '/exchange/usage',
    label: 'nav.exchangeUsage',
    icon: <LineChartOutlined />,
    permission: 'exchange.approve',
    page: lazy(() => import('./pages/exchange/ExchangeUsagePage')),
  },
  {
    path: '/opendata/console',
    label: 'nav.opendataConsole',
    icon: <CloudServerOutlined />,
    permission: 'opendata.manage',
    page: lazy(() => import('./pages/opendata/console/ConsolePage')),
  },
  {
    path: '/opendata/console/applications',
    label: 'nav.opendataApplications',
    icon: <MailOutlined />,
    permission: 'opendata.manage',
    page: lazy(() => import('./pages/opendata/console/ConsoleApplicationsPage')),
  },
  {
    path: '/licenses',
    label: 'nav.licenses',
    icon: <SafetyCertificateOutlined />,
    permission: 'licenses.read',
    page: lazy(() => import('./pages/licenses/LicensesPage')),
  },
  {
    path: '/cases/hotline',
    label: 'nav.casesHotline',
    icon: <PhoneOutlined />,
    permission: 'cases.intake',
    page: lazy(() => import('./pages/cases/HotlinePage')),
  },
  {
    // The queue (read-only without cases.dispatch) and `/cases/:id`.
    path: '/cases',
    label: 'nav.casesQueue',
    icon: <ProfileOutlined />,
    permission: 'cases.read',
    page: lazy(() => import('./pages/cases/CasesPage')),
  },
  {
    path: '/cases/inbox',
    label: 'nav.casesInbox',
    icon: <SolutionOutlined />,
    permission: 'cases.handle',
    page: lazy(() => import('./pages/cases/InboxPage')),
  },
  {
    path: '/cases/grid',
    label: 'nav.casesGrid',
    icon: <EnvironmentOutlined />,
    permission: 'cases.intake',
    page: lazy(() => import('./pages/cases/GridReportPage')),
  },
  {
    path: '/map',
    label: 'nav.map',
    icon: <GlobalOutlined />,
    permission: 'cases.read',
    page: lazy(() => import('./pages/map/MapPage')),
  },
  {
    path: '/cases/responsibility',
    label: 'nav.casesResponsibility',
    icon: <OrderedListOutlined />,
    permission: 'cases.responsibility.manage',
    page: lazy(() => import('./pages/cases/ResponsibilityPage')),
  },
  {
    // The register and `/iot/devices/:code`.
    path: '/iot/devices',
    label: 'nav.iotDevices',
    icon: <ApiOutlined />,
    permission: 'iot.read',
    page: lazy(() => import('./pages/iot/DevicesPage')),
  },
  {
    path: '/iot/alarms',
    label: 'nav.iotAlarms',
    icon: <AlertOutlined />,
    permission: 'iot.read',
    page: lazy(() => import('./pages/iot/AlarmsPage')),
  },
  {
    path: '/iot/rules',
    label: 'nav.iotRules',
    icon: <ControlOutlined />,
    permission: 'iot.read',
    page: lazy(() => import('./pages/iot/RulesPage')),
  },
  {
    path: '/audit',
    label: 'nav.audit',
    icon: <AuditOutlined />,
    permission: 'audit.read',
    page: lazy(() => import('./pages/audit/AuditPage')),
  },
];

/** The entry whose path is the longest prefix of `pathname`, for the selected menu item. */
export function activeEntry(pathname: string): NavEntry | undefined {
  let best: NavEntry | undefined;
  for (const entry of navigation) {
    const matches =
      entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (best === undefined || entry.path.length > best.path.length)) {
      best = entry;
    }
  }
  return best;
}
