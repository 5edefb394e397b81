import { Route, Routes } from 'react-router-dom';
import CaseDetailPage from './CaseDetailPage';
import QueuePage from './QueuePage';

/** `/cases`: the queue, and `/cases/:id` a case with its timeline. */
export default function CasesPage() {
  return (
    <Routes>
      <Route index element={<QueuePage />} />
      <Route path=":id" element={<CaseDetailPage />} />
    </Routes>
  );
}
