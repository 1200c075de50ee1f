"""Security and failure texts (sec.): the audit chain's check, unexpected errors and database files."""

ENTRIES = {
    # the audit trail's hash chain (python -m analytics audit --verify, the audit page)
    "sec.chain.intact": {
        "th": "บันทึกการใช้งานครบถ้วน ไม่ถูกแก้ไข: {n} รายการ ต่อเนื่องกันตั้งแต่รายการแรก (ค่าแฮชล่าสุด {head})",
        "en": "The audit trail is intact: {n} events, each chained to the one before it (latest hash {head})."},
    "sec.chain.empty": {"th": "บันทึกการใช้งานยังไม่มีรายการ", "en": "The audit trail has no events yet."},
    "sec.chain.changed": {
        "th": "บันทึกการใช้งานถูกแก้ไข: รายการที่ {id} (ลำดับที่ {pos} ในสายแฮช) ไม่ตรงกับที่บันทึกไว้ "
              "เนื้อหาของรายการนี้ถูกเปลี่ยนหลังจากบันทึก",
        "en": "The audit trail was tampered with: event {id} (place {pos} in the chain) no longer matches what "
              "was written; its content was changed after it was recorded."},
    "sec.chain.removed": {
        "th": "บันทึกการใช้งานถูกแก้ไข: รายการลำดับที่ {pos} ในสายแฮช (ถัดจากรายการที่ {after}) ถูกลบออก "
              "รายการถัดไปที่เหลืออยู่คือรายการที่ {id}",
        "en": "The audit trail was tampered with: the event at place {pos} in the chain (after event {after}) "
              "was removed; the next event left is event {id}."},
    "sec.chain.removed_first": {
        "th": "บันทึกการใช้งานถูกแก้ไข: รายการแรกของสายแฮชถูกลบออก รายการแรกที่เหลืออยู่คือรายการที่ {id}",
        "en": "The audit trail was tampered with: the first event of the chain was removed; the first event "
              "left is event {id}."},
    "sec.chain.removed_last": {
        "th": "บันทึกการใช้งานถูกแก้ไข: รายการท้ายสุดถูกลบออก (หลังรายการที่ {after}; "
              "ควรมี {expected} รายการ แต่เหลือ {n} รายการ)",
        "en": "The audit trail was tampered with: its last events were removed (after event {after}; there "
              "should be {expected} events, {n} are left)."},
    "sec.chain.reordered": {
        "th": "บันทึกการใช้งานถูกแก้ไข: รายการที่ {id} ไม่อยู่ในลำดับเดิม (ควรเป็นลำดับที่ {pos} ในสายแฮช) "
              "ลำดับของรายการถูกสลับ",
        "en": "The audit trail was tampered with: event {id} is out of its place (place {pos} in the chain "
              "expected); events were reordered."},
    "sec.chain.table": {
        "th": "บันทึกการใช้งานถูกแก้ไข: ตารางบันทึกถูกเปลี่ยนโครงสร้าง ขาดคอลัมน์ {columns} "
              "ทุกรายการตั้งแต่รายการที่ {id} ตรวจสอบไม่ได้",
        "en": "The audit trail was tampered with: its table was altered and lacks {columns}; no event from "
              "event {id} on can be checked."},
    "sec.chain.verify_title": {"th": "ความครบถ้วนของบันทึก", "en": "Integrity of the trail"},
    "sec.chain.again": {"th": "ตรวจอีกครั้ง", "en": "Check again"},
    "sec.chain.checking": {"th": "กำลังตรวจสายแฮชของบันทึก ...", "en": "Checking the trail's hash chain ..."},
    "sec.chain.checked_at": {"th": "(ตรวจเมื่อ {time} น.)", "en": "(checked at {time})"},
    # unexpected failures: the person gets a reference, the server log the detail
    "sec.unexpected": {
        "th": "เกิดข้อผิดพลาดที่ไม่คาดคิด การเปลี่ยนแปลงข้อมูลแต่ละครั้งจะบันทึกครบทั้งชุดหรือไม่บันทึกเลย "
              "โปรดโหลดหน้านี้ใหม่เพื่อดูสิ่งที่บันทึกแล้ว และแจ้งผู้ดูแลระบบพร้อมรหัสอ้างอิง {ref}",
        "en": "Something unexpected went wrong. Every change is saved whole or not at all: reload the page to see "
              "what was saved, and tell the administrator the reference {ref}."},
    "sec.unexpected_cli": {
        "th": "เกิดข้อผิดพลาดที่ไม่คาดคิด (รหัสอ้างอิง {ref}) รายละเอียดอยู่ในบันทึกของเซิร์ฟเวอร์ {log}",
        "en": "Something unexpected went wrong (reference {ref}); the detail is in the server log {log}."},
    "sec.unexpected_cli_nolog": {
        "th": "เกิดข้อผิดพลาดที่ไม่คาดคิด (รหัสอ้างอิง {ref}) บันทึกรายละเอียดลงไฟล์ไม่ได้",
        "en": "Something unexpected went wrong (reference {ref}); its detail could not be written to a log."},
    "sec.os_error": {
        "th": "ใช้ไฟล์หรือโฟลเดอร์ {path} ไม่ได้: {reason}",
        "en": "Cannot use the file or folder {path}: {reason}."},
    "sec.no_folder": {
        "th": "ไม่มีโฟลเดอร์ {path} โปรดสร้างโฟลเดอร์ก่อน หรือระบุไฟล์ในโฟลเดอร์ที่มีอยู่",
        "en": "The folder {path} does not exist; create it first or name a file in a folder that exists."},
    "sec.is_folder": {
        "th": "{path} เป็นโฟลเดอร์ โปรดระบุชื่อไฟล์ที่จะเขียน เช่น {example}",
        "en": "{path} is a folder; name the file to write, such as {example}."},
    "sec.name_too_long": {
        "th": "ชื่อไฟล์ {name} ยาวเกินไป ({n} ไบต์ ระบบไฟล์รับได้ไม่เกิน {limit} ไบต์)",
        "en": "The file name {name} is too long ({n} bytes; the file system takes at most {limit})."},
    "sec.bad_argument": {
        "th": "คำสั่งไม่ถูกต้อง: {detail} (ดูวิธีใช้ด้วย --help)",
        "en": "the command is not right: {detail} (see --help)"},
    "sec.not_positive": {
        "th": "{what} ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป (ได้รับ {value})",
        "en": "{what} must be a whole number of 1 or more, not {value}."},
    "sec.escaped_note": {
        "th": "อักขระควบคุมในข้อมูลแสดงเป็นรหัส เช่น \\x1b",
        "en": "Control characters in the data are shown as codes such as \\x1b."},
    # database files (DuckDB): told apart from "in use by another process"
    "sec.db.folder": {
        "th": "{path} เป็นโฟลเดอร์ ไม่ใช่ฐานข้อมูล Pramern โปรดระบุไฟล์ฐานข้อมูล เช่น data/pramern.duckdb "
              "(ด้วย --db หรือ PRAMERN_DB) ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "{path} is a folder, not a Pramern database. Name the database file instead, such as "
              "data/pramern.duckdb (with --db or PRAMERN_DB). Nothing was changed."},
    "sec.db.not_duckdb_empty": {
        "th": "ไฟล์ {path} ไม่ใช่ฐานข้อมูล Pramern: เป็นไฟล์ว่าง (0 ไบต์) โปรดตรวจสอบเส้นทาง "
              "หรือกู้คืนฐานข้อมูลจากไฟล์สำรอง ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The file {path} is not a Pramern database: it is empty (0 bytes). Check the path, or restore the "
              "database from its backup. Nothing was changed."},
    "sec.db.not_duckdb_zeros": {
        "th": "ไฟล์ {path} ไม่ใช่ฐานข้อมูล Pramern: มีแต่ไบต์ศูนย์ ({size} ไบต์) ไฟล์อาจถูกล้างหรือคัดลอกไม่สำเร็จ "
              "โปรดกู้คืนฐานข้อมูลจากไฟล์สำรอง ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The file {path} is not a Pramern database: it holds only zero bytes ({size} bytes), as a wiped or "
              "failed copy would. Restore the database from its backup. Nothing was changed."},
    "sec.db.not_duckdb_other": {
        "th": "ไฟล์ {path} ไม่ใช่ฐานข้อมูล Pramern: ไม่ใช่ไฟล์ฐานข้อมูล DuckDB ({size} ไบต์) "
              "โปรดตรวจสอบว่าระบุไฟล์ถูกต้อง ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The file {path} is not a Pramern database: it is not a DuckDB database file ({size} bytes). "
              "Check that you named the right file. Nothing was changed."},
    "sec.db.foreign": {
        "th": "{path} เป็นฐานข้อมูลของโปรแกรมอื่น ไม่ใช่ของ Pramern (มีตาราง {tables} แต่ไม่มีรุ่นโครงสร้างของ Pramern) "
              "Pramern จะไม่เพิ่มตารางของตนลงไป โปรดระบุฐานข้อมูลอื่น ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "{path} is another program's database, not Pramern's (it holds the tables {tables} but no Pramern "
              "schema version); Pramern will not add its tables to it. Name another database. Nothing was changed."},
    "sec.db.damaged": {
        "th": "ฐานข้อมูล {path} เสียหาย: ข้อมูลในไฟล์ขาดหายหรือไม่สมบูรณ์ (เช่น ไฟล์ถูกตัดระหว่างคัดลอก) "
              "โปรดกู้คืนจากไฟล์สำรองล่าสุด ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The database {path} is damaged: part of its content is missing or corrupt (a file cut short while "
              "being copied, for example). Restore it from the latest backup. Nothing was changed."},
    "sec.db.read_only": {
        "th": "ฐานข้อมูล {path} เป็นแบบอ่านอย่างเดียวสำหรับบัญชีผู้ใช้นี้ (ตัวไฟล์หรือโฟลเดอร์ของไฟล์เขียนไม่ได้) "
              "Pramern ต้องเขียนฐานข้อมูลได้ (บันทึกการใช้งานทุกครั้ง) โปรดให้สิทธิ์เขียนแก่บัญชีที่ใช้รันระบบ "
              "ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The database {path} is read-only for this account (the file or its folder cannot be written). "
              "Pramern must write to its database (the audit trail records every visit): give the account that "
              "runs it write permission. Nothing was changed."},
    # PostgreSQL (a postgresql:// URL): which of the ways of failing to connect, the password masked
    "sec.pg.refused": {
        "th": "ติดต่อฐานข้อมูล PostgreSQL {db} ไม่ได้: ไม่มีเซิร์ฟเวอร์ตอบรับที่ {host}:{port} เซิร์ฟเวอร์อาจหยุดทำงาน "
              "หรือไฟร์วอลล์กั้นไว้ โปรดตรวจว่าเซิร์ฟเวอร์ทำงานอยู่ และที่อยู่กับพอร์ตใน PRAMERN_DB ถูกต้อง ({reason}) "
              "ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The PostgreSQL database {db} cannot be reached: no server answers at {host}:{port}; it is not running "
              "there, or a firewall stops the connection. Check that it runs and that the address and port in "
              "PRAMERN_DB are right ({reason}). Nothing was changed."},
    "sec.pg.host": {
        "th": "ติดต่อฐานข้อมูล PostgreSQL {db} ไม่ได้: ไม่รู้จักชื่อเครื่อง {host} โปรดตรวจชื่อเครื่องของเซิร์ฟเวอร์ใน "
              "PRAMERN_DB ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The PostgreSQL database {db} cannot be reached: the host name {host} cannot be found. Check the "
              "server's name in PRAMERN_DB. Nothing was changed."},
    "sec.pg.auth": {
        "th": "ติดต่อฐานข้อมูล PostgreSQL {db} ไม่ได้: เซิร์ฟเวอร์ไม่ยอมรับผู้ใช้ {user} ด้วยรหัสผ่านนี้ "
              "โปรดตรวจชื่อผู้ใช้และรหัสผ่านใน PRAMERN_DB ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The PostgreSQL database {db} cannot be reached: the server refused the user {user} with this "
              "password. Check the user and the password in PRAMERN_DB. Nothing was changed."},
    "sec.pg.not_allowed": {
        "th": "ติดต่อฐานข้อมูล PostgreSQL {db} ไม่ได้: เซิร์ฟเวอร์ไม่อนุญาตให้ผู้ใช้ {user} เชื่อมต่อจากเครื่องนี้ "
              "(pg_hba.conf) โปรดให้ผู้ดูแลฐานข้อมูลเพิ่มสิทธิ์ ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The PostgreSQL database {db} cannot be reached: the server does not let the user {user} connect from "
              "this machine (pg_hba.conf). Ask the database administrator to allow it. Nothing was changed."},
    "sec.pg.no_database": {
        "th": "ติดต่อฐานข้อมูล PostgreSQL {db} ไม่ได้: ไม่มีฐานข้อมูลชื่อ {name} บนเซิร์ฟเวอร์ที่ {host}:{port} "
              "โปรดสร้างฐานข้อมูลก่อน (README ขั้นตอนที่ 2) หรือแก้ชื่อฐานข้อมูลใน PRAMERN_DB ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The PostgreSQL database {db} cannot be reached: there is no database named {name} on the server at "
              "{host}:{port}. Create it first (README, step 2) or correct its name in PRAMERN_DB. Nothing was changed."},
    "sec.pg.unreachable": {
        "th": "ติดต่อฐานข้อมูล PostgreSQL {db} ไม่ได้ ({reason}) โปรดตรวจว่าเซิร์ฟเวอร์ทำงานอยู่ "
              "และที่อยู่ ผู้ใช้ และรหัสผ่านใน PRAMERN_DB ถูกต้อง",
        "en": "The PostgreSQL database {db} cannot be reached ({reason}). Check that the server runs and that the "
              "address, user and password in PRAMERN_DB are right."},
    "sec.pg.read_only": {
        "th": "ผู้ใช้ PostgreSQL {user} อ่านฐานข้อมูล {db} ได้แต่เขียนไม่ได้ ({reason}) Pramern ต้องเขียนฐานข้อมูลได้ "
              "(การนำเข้า การแก้ไข และบันทึกการใช้งาน) โปรดใช้บทบาทของแอป (migrate --app-role) "
              "หรือให้ผู้ดูแลฐานข้อมูลให้สิทธิ์ ไม่มีการเปลี่ยนแปลงใด ๆ",
        "en": "The PostgreSQL user {user} may read the database {db} but not write to it ({reason}). Pramern must "
              "write to its database (imports, edits and the audit trail): use the app's role (migrate --app-role) "
              "or ask the database administrator for the rights. Nothing was changed."},
}
