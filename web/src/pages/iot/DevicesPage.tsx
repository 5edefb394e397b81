import { Route, Routes } from 'react-router-dom';
import DeviceDetailPage from './DeviceDetailPage';
import DeviceListPage from './DeviceListPage';

/** `/iot/devices`: the register, and `/iot/devices/:code` one device with its telemetry. */
export default function DevicesPage() {
  return (
    <Routes>
      <Route index element={<DeviceListPage />} />
      <Route path=":code" element={<DeviceDetailPage />} />
    </Routes>
  );
}
