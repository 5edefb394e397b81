import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { Translate } from '../../../i18n';
import { readRowsFile, type FieldSpec, type ParsedRows } from './rowsFile';

/**
 * Picks a CSV or JSON file of rows and reads it in the browser; reports how many rows it
 * holds and which columns it lacks or does not need. The server checks every value.
 */
export function RowsUpload({ fields, value, onChange, t }: { fields: readonly FieldSpec[]; value: ParsedRows | null; onChange: (rows: ParsedRows | null) => void; t: Translate }) {
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <Flex vertical gap={8}>
      <Upload
        accept=".csv,.json,text/csv,application/json"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(file) => {
          setFailure(null);
          readRowsFile(file, fields).then(
            (parsed) => onChange(parsed),
            (cause: unknown) => {
              onChange(null);
              setFailure(cause instanceof Error ? cause.message : String(cause));
            },
          );
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} data-testid="console-rows-file">
          {t('opendata.console.rows.choose')}
        </Button>
      </Upload>
      <Typography.Text type="secondary">{t('opendata.console.rows.hint')}</Typography.Text>
      {value && (
        <Alert
          type={value.missing.length > 0 ? 'warning' : 'success'}
          showIcon
          data-testid="console-rows-summary"
          title={t('opendata.console.rows.read', { count: value.rows.length })}
          description={[
            value.missing.length > 0 ? t('opendata.console.rows.missing', { fields: value.missing.join('、') }) : '',
            value.ignored.length > 0 ? t('opendata.console.rows.ignored', { columns: value.ignored.join('、') }) : '',
          ]
            .filter(Boolean)
            .join(' ')}
        />
      )}
      {failure && <Alert type="error" showIcon title={t('opendata.console.rows.unreadable')} description={failure} />}
    </Flex>
  );
}
