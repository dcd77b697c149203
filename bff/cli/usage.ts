/** `govdock --help`: Chinese first, English after, as the BFF's own messages are. */

export const USAGE = `govdock — GovDock 运维命令 (operator commands)

用法 Usage:
  govdock sync [类型|数据流] [--full] [--front <地址>]
      运行同步；省略时同步全部数据流。
      Run the sync for a kind, one stream, or everything.
        --full           忽略游标，重新读取全部数据（结果不变，只是更慢）
                         ignore the cursor and re-read everything (idempotent)
        --front <地址>   本次使用的前置机（覆盖 FRONT_URL）：mysql://… postgres://… file:///目录
                         the front processor for this run (overrides FRONT_URL)
  govdock sync status
      查看各数据流：上次成功时间、延迟、游标、状态、隔离和待父记录数量。
      Show every stream: last success, lag, cursor, status, quarantined and waiting rows.
  govdock sync retry-quarantine [数据流]
      修正映射或源数据后，重新处理隔离区中的行。
      Re-apply quarantined rows after a mapping or data fix.
  govdock doctor [--out <目录>] [--front <地址>]
      对接检查：配置、统一身份认证平台、前置机各表、试读一页数据（不写入），
      并生成联调/验收报告（Markdown 和 HTML，默认写入当前目录）。
      Docking checks and the acceptance report (Markdown + HTML, current folder by default).
  govdock --help      显示本帮助 / show this help
  govdock --version   显示版本 / show the version

类型 Kinds:  items 事项 · cases 办件 · evaluations 好差评 · organisations 部门 · replies 回复 · notices 通知

配置 Configuration:
  与服务相同（the same as the BFF）：GOVDOCK_CONFIG=<配置文件.json> 和环境变量
  DATABASE_URL、FRONT_URL、PII_HASH_KEY、AUTH_*、SYNC_* 等。详见 docs/operator.md。

退出码 Exit codes:
  0  成功 / ok
  1  同步运行失败或检查未通过 / a run failed or a check failed
  2  用法或配置错误 / bad usage or configuration
`;
