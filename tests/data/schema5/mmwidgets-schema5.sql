-- A database made by mmwidgets at commit 561066d (the hand-written schema runner, schema_version 5),
-- with data in every table, written through the repositories as the workbooks write it
-- (tests/test_store_alembic.py; made once by a script run against that commit, dumped with sqlite3's iterdump).
-- Fictional people only.
BEGIN TRANSACTION;
CREATE TABLE access_key (
	id INTEGER NOT NULL, 
	secret VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "access_key" VALUES(1,'d53f3f0f3975a35a1cde3fb9ed93b09a6c1d3dfe00196dfbbd8799101c5ebd9d');
CREATE TABLE access_log (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(100) NOT NULL, 
	role VARCHAR(20) NOT NULL, 
	team VARCHAR(100) NOT NULL, 
	on_behalf_of VARCHAR(100) DEFAULT '' NOT NULL, 
	action VARCHAR(20) NOT NULL, 
	object_code VARCHAR(20) NOT NULL, 
	result VARCHAR(10) NOT NULL, 
	origin VARCHAR(64) NOT NULL, 
	detail VARCHAR(100) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "access_log" VALUES(1,'2026-12-06 18:56:30.469882','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(2,'2026-12-06 18:56:30.483319','root','coach','lokaal','','change','L-996D7E7883','ok','lokaal','');
INSERT INTO "access_log" VALUES(3,'2026-12-06 18:56:30.510652','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(4,'2026-12-06 18:56:30.566005','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(5,'2026-12-06 18:56:30.592040','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(6,'2026-12-06 18:56:30.631193','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(7,'2026-12-06 18:56:30.655268','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(8,'2026-12-06 18:56:30.686205','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(9,'2026-12-06 18:56:30.730524','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(10,'2026-12-06 18:56:30.744268','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(11,'2026-12-06 18:56:30.763929','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(12,'2026-12-06 18:56:30.782801','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(13,'2026-12-06 18:56:30.792664','root','coach','lokaal','','change','L-996D7E7883','ok','lokaal','');
INSERT INTO "access_log" VALUES(14,'2026-12-06 18:56:30.807074','root','coach','lokaal','','change','L-996D7E7883','ok','lokaal','');
INSERT INTO "access_log" VALUES(15,'2026-12-06 18:56:30.826773','root','coach','lokaal','','change','L-996D7E7883','ok','lokaal','');
INSERT INTO "access_log" VALUES(16,'2026-12-06 18:56:30.857388','root','coach','lokaal','','change','L-996D7E7883','ok','lokaal','');
INSERT INTO "access_log" VALUES(17,'2026-12-06 18:56:30.865552','root','coach','lokaal','','change','L-996D7E7883','ok','lokaal','');
INSERT INTO "access_log" VALUES(18,'2026-12-06 18:56:30.887377','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(19,'2026-12-06 18:56:30.940128','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(20,'2026-12-06 18:56:31.027534','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(21,'2026-12-06 18:56:31.056742','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(22,'2026-12-06 18:56:31.059277','root','coach','lokaal','','open','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(23,'2026-12-06 18:56:31.165238','root','coach','lokaal','','change','L-4CE5C3402B','ok','lokaal','');
INSERT INTO "access_log" VALUES(24,'2026-12-06 18:56:31.165709','root','coach','lokaal','','change','L-996D7E7883','ok','lokaal','');
CREATE TABLE assessments (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	date DATE NOT NULL, 
	definition_id VARCHAR(40) NOT NULL, 
	definition_version INTEGER NOT NULL, 
	stress INTEGER, 
	stress_note TEXT DEFAULT '' NOT NULL, 
	revision INTEGER DEFAULT '0' NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_assessment_day UNIQUE (client_id, date, definition_id, definition_version), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE CASCADE
);
INSERT INTO "assessments" VALUES(1,1,'2026-10-01','mm-standaard',1,6,'druk met de schulden',1,'2026-12-06 18:56:30.508420','2026-12-06 18:56:30.632043');
INSERT INTO "assessments" VALUES(2,1,'2026-11-05','mm-standaard',1,6,'druk met de schulden',1,'2026-12-06 18:56:30.685827','2026-12-06 18:56:30.780927');
INSERT INTO "assessments" VALUES(3,2,'2026-11-10','mm-standaard',1,6,'druk met de schulden',1,'2026-12-06 18:56:30.786222','2026-12-06 18:56:30.858073');
CREATE TABLE choices (
	id INTEGER NOT NULL, 
	assessment_id INTEGER NOT NULL, 
	subpillar_id VARCHAR(40) NOT NULL, 
	step INTEGER, 
	chosen_by VARCHAR(10) NOT NULL, 
	note TEXT NOT NULL, 
	focus BOOLEAN NOT NULL, 
	revision INTEGER DEFAULT '0' NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_choice_subpillar UNIQUE (assessment_id, subpillar_id), 
	FOREIGN KEY(assessment_id) REFERENCES assessments (id) ON DELETE CASCADE
);
INSERT INTO "choices" VALUES(1,1,'housing',2,'together','housing 2026-10-01',0,1,'2026-12-06 18:56:30.526038');
INSERT INTO "choices" VALUES(2,1,'debts',3,'together','debts 2026-10-01',1,1,'2026-12-06 18:56:30.577236');
INSERT INTO "choices" VALUES(3,1,'income',2,'together','income 2026-10-01',0,1,'2026-12-06 18:56:30.593962');
INSERT INTO "choices" VALUES(4,2,'housing',3,'together','housing 2026-11-05',0,1,'2026-12-06 18:56:30.687588');
INSERT INTO "choices" VALUES(5,2,'debts',4,'together','debts 2026-11-05',1,1,'2026-12-06 18:56:30.731871');
INSERT INTO "choices" VALUES(6,2,'income',2,'together','income 2026-11-05',0,1,'2026-12-06 18:56:30.760939');
INSERT INTO "choices" VALUES(7,3,'housing',1,'together','housing 2026-11-10',0,1,'2026-12-06 18:56:30.794133');
INSERT INTO "choices" VALUES(8,3,'debts',2,'together','debts 2026-11-10',1,1,'2026-12-06 18:56:30.823360');
INSERT INTO "choices" VALUES(9,3,'income',2,'together','income 2026-11-10',0,1,'2026-12-06 18:56:30.827992');
CREATE TABLE clients (
	id INTEGER NOT NULL, 
	pseudonym VARCHAR(60) NOT NULL, 
	name_key VARCHAR(240) NOT NULL, 
	note TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	coach VARCHAR(100) DEFAULT '~lokaal' NOT NULL, 
	team VARCHAR(100) DEFAULT 'lokaal' NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (pseudonym), 
	UNIQUE (name_key)
);
INSERT INTO "clients" VALUES(1,'Ans de Wit','ans de wit','eerste gesprek ging goed','2026-12-06 18:56:30.468875','2026-12-06 18:56:30.468886','root','lokaal');
INSERT INTO "clients" VALUES(2,'Bram Kok','bram kok','','2026-12-06 18:56:30.482801','2026-12-06 18:56:30.482816','root','lokaal');
CREATE TABLE plan_actions (
	id INTEGER NOT NULL, 
	"key" VARCHAR(32) NOT NULL, 
	goal_id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	what TEXT NOT NULL, 
	who VARCHAR(10), 
	who_name VARCHAR(60) DEFAULT '' NOT NULL, 
	due DATE, 
	done_on DATE, 
	created_on DATE, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key"), 
	FOREIGN KEY(goal_id) REFERENCES plan_goals (id) ON DELETE CASCADE, 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE CASCADE
);
INSERT INTO "plan_actions" VALUES(1,'b93c4cccffbb',1,1,'Post openen met de coach','client','','2026-11-20','2026-11-18','2026-12-06','2026-12-06 18:56:31.014058');
CREATE TABLE plan_goals (
	id INTEGER NOT NULL, 
	"key" VARCHAR(32) NOT NULL, 
	client_id INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	subpillar_id VARCHAR(40), 
	start_step INTEGER, 
	target_step INTEGER, 
	why TEXT DEFAULT '' NOT NULL, 
	done_when TEXT DEFAULT '' NOT NULL, 
	target_date DATE, 
	status VARCHAR(10) DEFAULT 'open' NOT NULL, 
	status_date DATE, 
	review_date DATE, 
	barriers TEXT DEFAULT '' NOT NULL, 
	barrier_plan TEXT DEFAULT '' NOT NULL, 
	waits_for VARCHAR(32), 
	created_on DATE, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key"), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE CASCADE
);
INSERT INTO "plan_goals" VALUES(1,'65b83e947736',1,'Rust in mijn geldzaken','debts',NULL,NULL,'','',NULL,'open',NULL,NULL,'','',NULL,'2026-12-06','2026-12-06 18:56:30.886537','2026-12-06 18:56:30.886548');
CREATE TABLE plan_history (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	entity VARCHAR(10) NOT NULL, 
	"key" VARCHAR(32) NOT NULL, 
	goal_key VARCHAR(32), 
	field VARCHAR(30) NOT NULL, 
	old_value TEXT, 
	new_value TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE CASCADE
);
INSERT INTO "plan_history" VALUES(1,1,'2026-12-06 18:56:30.000000','goal','65b83e947736','65b83e947736','added',NULL,'"Rust in mijn geldzaken"');
INSERT INTO "plan_history" VALUES(2,1,'2026-12-06 18:56:30.000000','action','b93c4cccffbb','65b83e947736','added',NULL,'"Post openen met de coach"');
INSERT INTO "plan_history" VALUES(3,1,'2026-12-06 18:56:30.000000','action','b93c4cccffbb','65b83e947736','done_on',NULL,'"2026-11-18"');
INSERT INTO "plan_history" VALUES(4,1,'2026-12-06 18:56:31.000000','reward','ba469ae487dc','65b83e947736','added',NULL,'"Bioscoopbon"');
INSERT INTO "plan_history" VALUES(5,1,'2026-12-06 18:56:31.000000','given','6b27d62194e1','65b83e947736','added',NULL,'1000');
CREATE TABLE plan_rewards (
	id INTEGER NOT NULL, 
	"key" VARCHAR(32) NOT NULL, 
	goal_id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	what TEXT NOT NULL, 
	kind VARCHAR(12) NOT NULL, 
	for_what VARCHAR(10) NOT NULL, 
	interim TEXT DEFAULT '' NOT NULL, 
	tier VARCHAR(40), 
	value_cents INTEGER, 
	created_on DATE, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key"), 
	FOREIGN KEY(goal_id) REFERENCES plan_goals (id) ON DELETE CASCADE, 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE CASCADE
);
INSERT INTO "plan_rewards" VALUES(1,'ba469ae487dc',1,1,'Bioscoopbon','tangible','goal','',NULL,1000,'2026-12-06','2026-12-06 18:56:31.026985');
CREATE TABLE plan_rewards_given (
	id INTEGER NOT NULL, 
	"key" VARCHAR(32) NOT NULL, 
	client_id INTEGER NOT NULL, 
	date DATE NOT NULL, 
	for_what TEXT NOT NULL, 
	value_cents INTEGER NOT NULL, 
	kind VARCHAR(12) NOT NULL, 
	goal_key VARCHAR(32), 
	reward_key VARCHAR(32), 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key"), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE CASCADE
);
INSERT INTO "plan_rewards_given" VALUES(1,'6b27d62194e1',1,'2026-11-19','post geopend',1000,'tangible','65b83e947736','ba469ae487dc','2026-12-06 18:56:31.054535');
CREATE TABLE plans (
	client_id INTEGER NOT NULL, 
	next_meeting DATETIME, 
	next_meeting_note TEXT DEFAULT '' NOT NULL, 
	ignored TEXT DEFAULT '[]' NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (client_id), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE CASCADE
);
INSERT INTO "plans" VALUES(1,'2026-11-01 09:30:00.000000','','[]','2026-11-01 09:30:00.000000');
CREATE TABLE report_summary (
	client_id INTEGER NOT NULL, 
	definition_id VARCHAR(40) NOT NULL, 
	definition_version INTEGER NOT NULL, 
	subpillar_id VARCHAR(40) NOT NULL, 
	first_date DATE NOT NULL, 
	first_step INTEGER NOT NULL, 
	second_date DATE, 
	second_step INTEGER, 
	latest_date DATE NOT NULL, 
	latest_step INTEGER NOT NULL, 
	PRIMARY KEY (client_id, definition_id, definition_version, subpillar_id), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE CASCADE
);
INSERT INTO "report_summary" VALUES(1,'mm-standaard',1,'housing','2026-10-01',2,'2026-11-05',3,'2026-11-05',3);
INSERT INTO "report_summary" VALUES(1,'mm-standaard',1,'debts','2026-10-01',3,'2026-11-05',4,'2026-11-05',4);
INSERT INTO "report_summary" VALUES(1,'mm-standaard',1,'income','2026-10-01',2,'2026-11-05',2,'2026-11-05',2);
INSERT INTO "report_summary" VALUES(2,'mm-standaard',1,'housing','2026-11-10',1,NULL,NULL,'2026-11-10',1);
INSERT INTO "report_summary" VALUES(2,'mm-standaard',1,'debts','2026-11-10',2,NULL,NULL,'2026-11-10',2);
INSERT INTO "report_summary" VALUES(2,'mm-standaard',1,'income','2026-11-10',2,NULL,NULL,'2026-11-10',2);
CREATE TABLE research_codes (
	client_id INTEGER NOT NULL, 
	code VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (client_id), 
	FOREIGN KEY(client_id) REFERENCES clients (id) ON DELETE CASCADE, 
	UNIQUE (code)
);
INSERT INTO "research_codes" VALUES(1,'P-B49A8A8027','2026-12-06 18:56:31.087975');
INSERT INTO "research_codes" VALUES(2,'P-8FEA552A88','2026-12-06 18:56:31.087988');
CREATE TABLE schema_version (
	id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "schema_version" VALUES(1,5);
CREATE TABLE training_answers (
	id INTEGER NOT NULL, 
	trainee_id INTEGER NOT NULL, 
	vignette_id VARCHAR(40) NOT NULL, 
	subpillar_id VARCHAR(40) NOT NULL, 
	step INTEGER, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_training_answer UNIQUE (trainee_id, vignette_id, subpillar_id), 
	FOREIGN KEY(trainee_id) REFERENCES training_trainees (id) ON DELETE CASCADE
);
INSERT INTO "training_answers" VALUES(1,1,'v1-sanne','housing',2,'2026-12-06 18:56:31.257157');
CREATE TABLE training_checks (
	id INTEGER NOT NULL, 
	trainee_id INTEGER NOT NULL, 
	vignette_id VARCHAR(40) NOT NULL, 
	checks INTEGER NOT NULL, 
	attempt INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_training_check UNIQUE (trainee_id, vignette_id), 
	FOREIGN KEY(trainee_id) REFERENCES training_trainees (id) ON DELETE CASCADE
);
INSERT INTO "training_checks" VALUES(1,1,'v1-sanne',1,1,'2026-12-06 18:56:31.268506');
CREATE TABLE training_keys (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	trainee_id INTEGER, 
	key_hash VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_training_key UNIQUE (session_id, trainee_id), 
	FOREIGN KEY(session_id) REFERENCES training_sessions (id) ON DELETE CASCADE, 
	FOREIGN KEY(trainee_id) REFERENCES training_trainees (id) ON DELETE CASCADE
);
INSERT INTO "training_keys" VALUES(1,1,NULL,'ca8144c769a35b9fd8a56c7ef2a884d9fad6efc5fe065af270f78ffba3e86c76');
INSERT INTO "training_keys" VALUES(2,1,1,'f227f7fd36bc0ac36a618536a1e1771df4e918e199c5569582e38657189ef036');
CREATE TABLE training_misses (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "training_misses" VALUES(1,'2026-11-01 09:30:00.000000');
CREATE TABLE training_responses (
	id INTEGER NOT NULL, 
	trainee_id INTEGER NOT NULL, 
	exercise VARCHAR(20) NOT NULL, 
	item_id VARCHAR(60) NOT NULL, 
	value TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_training_response UNIQUE (trainee_id, exercise, item_id), 
	FOREIGN KEY(trainee_id) REFERENCES training_trainees (id) ON DELETE CASCADE
);
INSERT INTO "training_responses" VALUES(1,1,'coach','q1','a','2026-12-06 18:56:31.289755');
CREATE TABLE training_sessions (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	code VARCHAR(16) NOT NULL, 
	definition_key VARCHAR(60) NOT NULL, 
	vignette_id VARCHAR(40), 
	closed BOOLEAN DEFAULT '0' NOT NULL, 
	created_at DATETIME NOT NULL, 
	UNIQUE (code)
);
INSERT INTO "training_sessions" VALUES(1,'LADDER-1351-QWZW','mm-standaard@1','v1-sanne',0,'2026-12-06 18:56:31.183375');
CREATE TABLE training_stages (
	session_id INTEGER NOT NULL, 
	exercise INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (session_id), 
	FOREIGN KEY(session_id) REFERENCES training_sessions (id) ON DELETE CASCADE
);
INSERT INTO "training_stages" VALUES(1,2,'2026-12-06 18:56:31.305699');
CREATE TABLE training_trainees (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	session_id INTEGER NOT NULL, 
	nickname VARCHAR(20) NOT NULL, 
	nick_key VARCHAR(20) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT uq_trainee_nickname UNIQUE (session_id, nick_key), 
	FOREIGN KEY(session_id) REFERENCES training_sessions (id) ON DELETE CASCADE
);
INSERT INTO "training_trainees" VALUES(1,1,'Kim','kim','2026-12-06 18:56:31.207512');
CREATE INDEX ix_access_log_object_at ON access_log (object_code, at);
CREATE INDEX ix_access_log_team_at ON access_log (team, at);
CREATE INDEX ix_training_misses_at ON training_misses (at);
CREATE INDEX ix_assessments_client_date ON assessments (client_id, date);
CREATE INDEX ix_plan_goals_client ON plan_goals (client_id);
CREATE INDEX ix_plan_rewards_given_client_date ON plan_rewards_given (client_id, date);
CREATE INDEX ix_plan_history_client_at ON plan_history (client_id, at);
CREATE INDEX ix_plan_actions_client ON plan_actions (client_id);
CREATE INDEX ix_plan_actions_goal ON plan_actions (goal_id);
CREATE INDEX ix_plan_rewards_goal ON plan_rewards (goal_id);
CREATE INDEX ix_plan_rewards_client ON plan_rewards (client_id);
CREATE INDEX ix_training_answers_vignette ON training_answers (vignette_id);
CREATE INDEX ix_clients_coach ON clients (coach, team);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('training_sessions',1);
INSERT INTO "sqlite_sequence" VALUES('training_trainees',1);
COMMIT;
