import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../../components/ErrorState';
import '../my/apply.css';
import '../services.css';

const InboxPage = lazy(() => import('./OfficerInboxPage'));
const DetailPage = lazy(() => import('./OfficerDetailPage'));
const RectificationsPage = lazy(() => import('./RectificationsPage'));

/** 办件受理 in the console: the inbox (`/services/handle`), one application (`…/:id`) and 差评整改 (`…/rectifications`). */
export default function OfficerPage() {
  return (
    <Routes>
      <Route index element={<InboxPage />} />
      <Route path="rectifications" element={<RectificationsPage />} />
      <Route path=":id" element={<DetailPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
