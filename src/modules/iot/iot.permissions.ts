/** Permissions the iot module checks; BUILTIN_ROLES (org module) gives them to roles. */
export const IotPermissions = {
  /** See device types, devices of one's region, their telemetry, rules, alarms and rejected messages. */
  read: 'iot.read',
  /** Register, change, import and retire devices of one's region; issue their credentials; per-device rules. */
  deviceManage: 'iot.device.manage',
  /** Device types and the rules that apply to every device of a type (city-wide). */
  typeManage: 'iot.type.manage',
} as const;
