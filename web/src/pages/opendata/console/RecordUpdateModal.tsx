import { App, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DatasetDetail } from '../../../api/opendata';
import type { Translate } from '../../../i18n';
import { consoleApi } from './api';
import { errorText } from './errorText';
import { RowsUpload } from './RowsUpload';
import type { ParsedRows } from './rowsFile';

/**
 * 记录数据更新: the department uploads the dataset's current rows; the server replaces the
 * rows, records the update in the history and restarts the freshness clock.
 */
export function RecordUpdateModal({ dataset, onClose, onDone, t }: { dataset: DatasetDetail | null; onClose: () => void; onDone: (updated: DatasetDetail) => void; t: Translate }) {
  const { message } = App.useApp();
  const [rows, setRows] = useState<ParsedRows | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setRows(null);
    setNote('');
  }, [dataset?.id]);

  async function submit() {
    if (!dataset || !rows) {
      void message.warning(t('opendata.console.rows.required'));
      return;
    }
    setBusy(true);
    try {
      const updated = await consoleApi.updateData(dataset.id, { version: dataset.version, rows: rows.rows, ...(note.trim() ? { note: note.trim() } : {}) });
      void message.success(t('opendata.console.updated', { rows: updated.rowCount }));
      onDone(updated);
    } catch (error) {
      void message.error(errorText(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={dataset !== null}
      title={t('opendata.console.recordUpdate.title', { title: dataset?.title ?? '' })}
      okText={t('opendata.console.recordUpdate.submit')}
      okButtonProps={{ disabled: rows === null, 'data-testid': 'console-record-submit' }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('opendata.console.recordUpdate.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('opendata.console.rows.file')} required>
          <RowsUpload fields={dataset?.fields ?? []} value={rows} onChange={setRows} t={t} />
        </Form.Item>
        <Form.Item label={t('opendata.console.note')}>
          <Input.TextArea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('opendata.console.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
