import { Input } from 'antd';
import { useEffect, useState } from 'react';
import { useListParams } from '../hooks/useListParams';
import { useT } from '../i18n';

/** Search input bound to the `q` URL parameter; searching goes back to page 1. */
export function SearchBox({ placeholder }: { placeholder: string }) {
  const t = useT();
  const { q, setQuery } = useListParams();
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  return (
    <Input.Search
      allowClear
      value={text}
      onChange={(event) => setText(event.target.value)}
      onSearch={(value) => setQuery(value)}
      placeholder={placeholder}
      enterButton={t('common.search')}
      style={{ maxWidth: 420 }}
      data-testid="list-search"
    />
  );
}
