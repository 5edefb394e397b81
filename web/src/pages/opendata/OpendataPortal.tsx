import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/ErrorState';

const HomePage = lazy(() => import('./OpendataHomePage'));
const DatasetPage = lazy(() => import('./DatasetPage'));
const DepartmentPage = lazy(() => import('./DepartmentPage'));
const StatisticsPage = lazy(() => import('./StatisticsPage'));

/** 公共数据开放: home and search, dataset pages, department pages, statistics; no login. */
export default function OpendataPortal() {
  return (
    <Routes>
      <Route index element={<HomePage />} />
      <Route path="datasets/:name" element={<DatasetPage />} />
      <Route path="departments/:code" element={<DepartmentPage />} />
      <Route path="statistics" element={<StatisticsPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
