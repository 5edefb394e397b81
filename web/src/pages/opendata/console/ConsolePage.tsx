import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../../components/ErrorState';
import './console.css';

const DatasetsPage = lazy(() => import('./ConsoleDatasetsPage'));
const DatasetPage = lazy(() => import('./ConsoleDatasetPage'));
const PublishPage = lazy(() => import('./ConsolePublishPage'));

/** 开放数据管理 (owner departments): datasets with freshness and use, a dataset, publishing. */
export default function ConsolePage() {
  return (
    <Routes>
      <Route index element={<DatasetsPage />} />
      <Route path="datasets/:id" element={<DatasetPage />} />
      <Route path="publish" element={<PublishPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
