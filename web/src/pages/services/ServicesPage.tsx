import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/ErrorState';

const SearchPage = lazy(() => import('./ServiceSearchPage'));
const GuidePage = lazy(() => import('./ServiceGuidePage'));

/**
 * 办事服务: item search (`…/`) and an item's guide (`…/:code`). Mounted twice, on the public
 * portal (`/portal/services`) and in the console (`/services`); links are relative.
 */
export default function ServicesPage() {
  return (
    <Routes>
      <Route index element={<SearchPage />} />
      <Route path=":code" element={<GuidePage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
