import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/ErrorState';

const SearchPage = lazy(() => import('./CatalogSearchPage'));
const DetailPage = lazy(() => import('./ResourceDetailPage'));
const EditPage = lazy(() => import('./ResourceEditPage'));

/** 数据资源目录: search (`/catalog`), a resource (`/catalog/:id`), its editor (`/catalog/new`, `/catalog/:id/edit`). */
export default function CatalogPage() {
  return (
    <Routes>
      <Route index element={<SearchPage />} />
      <Route path="new" element={<EditPage />} />
      <Route path=":id" element={<DetailPage />} />
      <Route path=":id/edit" element={<EditPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
