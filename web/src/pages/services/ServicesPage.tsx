import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/ErrorState';

const SearchPage = lazy(() => import('./ServiceSearchPage'));
const GuidePage = lazy(() => import('./ServiceGuidePage'));
const ApplyPage = lazy(() => import('./my/ApplyPage'));
const SignInPage = lazy(() => import('./my/SignIn'));
const MyApplicationsPage = lazy(() => import('./my/MyApplicationsPage'));
const MyApplicationPage = lazy(() => import('./my/MyApplicationPage'));
const MyLicensesPage = lazy(() => import('./my/MyLicensesPage'));
const MyMessagesPage = lazy(() => import('./my/MyMessagesPage'));
const MyEntitlementsPage = lazy(() => import('./my/MyEntitlementsPage'));
const BundlesPage = lazy(() => import('./my/BundlesPage'));
const BundleApplyPage = lazy(() => import('./my/BundleApplyPage'));
const MyBundlesPage = lazy(() => import('./my/MyBundlesPage'));
const MyBundlePage = lazy(() => import('./my/MyBundlesPage').then((module) => ({ default: module.MyBundlePage })));

/**
 * 办事服务: item search (`…/`), an item's guide (`…/:code`) and online application
 * (`…/:code/apply`), 一件事一次办 (`…/bundles`, `…/bundles/:code`), the applicant's sign-in (`…/login`) and own area (`…/my/…`: applications,
 * licenses, messages, bundles, 免申即享). Mounted twice, on the public portal (`/portal/services`) and in the
 * console (`/services`); links are relative or built from the mount point.
 */
export default function ServicesPage() {
  return (
    <Routes>
      <Route index element={<SearchPage />} />
      <Route path="login" element={<SignInPage />} />
      <Route path="my/applications" element={<MyApplicationsPage />} />
      <Route path="my/applications/:id" element={<MyApplicationPage />} />
      <Route path="my/licenses" element={<MyLicensesPage />} />
      <Route path="my/messages" element={<MyMessagesPage />} />
      <Route path="my/entitlements" element={<MyEntitlementsPage />} />
      <Route path="my/bundles" element={<MyBundlesPage />} />
      <Route path="my/bundles/:id" element={<MyBundlePage />} />
      <Route path="bundles" element={<BundlesPage />} />
      <Route path="bundles/:code" element={<BundleApplyPage />} />
      <Route path=":code" element={<GuidePage />} />
      <Route path=":code/apply" element={<ApplyPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
