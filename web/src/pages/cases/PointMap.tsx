import { EnvironmentOutlined } from '@ant-design/icons';
import { Descriptions, Typography } from 'antd';
import { useI18n } from '../../i18n';
import type { Point } from './api';

/** Where a case is: its WGS-84 coordinates, copyable for a GIS or a phone's map app. */
export function PointMap({ point }: { point: Point }) {
  const { t } = useI18n();
  const text = `${point.lon.toFixed(6)}, ${point.lat.toFixed(6)}`;
  return (
    <div data-testid="case-point">
      <Typography.Paragraph style={{ fontSize: 16 }}>
        <EnvironmentOutlined style={{ color: '#d4380d', marginInlineEnd: 8 }} />
        <Typography.Text copyable={{ text }}>{text}</Typography.Text>
      </Typography.Paragraph>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('cases.field.lon')}>{point.lon.toFixed(6)}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.lat')}>{point.lat.toFixed(6)}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}
