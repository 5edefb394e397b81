import { Typography } from 'antd';

/**
 * A possibly long machine reference (an audit actor such as `user:<uuid>`, a target) cut to
 * `width` pixels, whole in its tooltip.
 */
export function Clipped({ text, width = 160, mono = false }: { text: string; width?: number; mono?: boolean }) {
  return (
    <Typography.Text
      ellipsis={{ tooltip: text }}
      style={{ maxWidth: width }}
      className={mono ? 'yw-mono' : undefined}
    >
      {text}
    </Typography.Text>
  );
}
