/* import_kinds.c — the CSV column layout of every record kind, one static table per kind, and
 * import_describe(), which prints it.
 * Each row says which header fills which column of schemas/migrations/001_records.sql, how the
 * cell is read and checked, what it means (for `yaodian import --help`) and the example the
 * template shows (`yaodian template`). */
#include "import_kinds.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "diag.h"
#include "import.h"
#include "lang.h"

#define KEY (IMPORT_KEY | IMPORT_REQUIRED)
#define REQ IMPORT_REQUIRED
#define OPT 0u
#define COL(h, s, t, f, ...) { .header = (h), .sql = (s), .type = (t), .flags = (f), __VA_ARGS__ }
#define COUNT .min = 0, .max = 100000000L
#define YEAR  .min = 1900, .max = 2100
#define N(a)  (sizeof(a) / sizeof((a)[0]))

static const struct import_col units_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS",
	    .zh = "单位代码,如 SJ-BGS", .en = "unit code, e.g. SJ-BGS"),
	COL("名称", "name", IMPORT_TEXT, REQ, .example = "局机关办公室", .zh = "单位名称", .en = "unit name"),
	COL("类型", "kind", IMPORT_TEXT, OPT, .example = "科室",
	    .zh = "科室、直属事业单位、局机关等", .en = "section, affiliated institution, bureau ..."),
	COL("上级单位", "parent", IMPORT_REF, OPT, .ref = "units",
	    .example = "", .zh = "上级单位的编号", .en = "code of the parent unit"),
};

static const struct import_col unit_years_cols[] = {
	COL("单位", "unit_id", IMPORT_REF, KEY, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("年度", "year", IMPORT_INT, KEY, YEAR, .example = "2020", .zh = "年份,1900–2100", .en = "year, 1900–2100"),
	COL("退休人数", "retirees", IMPORT_INT, REQ, COUNT, .example = "20",
	    .zh = "退休人员人数", .en = "number of retirees"),
	COL("在职人数", "staff", IMPORT_INT, OPT, COUNT, .example = "45",
	    .zh = "在职职工人数", .en = "number of serving staff"),
};

static const struct import_col people_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS-T01",
	    .zh = "人员编号(不要用身份证号)", .en = "person id (never an ID card number)"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("姓名", "name", IMPORT_TEXT, OPT | IMPORT_PRIVATE, .example = "张三",
	    .zh = "姓名(不出现在任何报告中)", .en = "name (never printed in any report)"),
	COL("类别", "category", IMPORT_VOCAB, REQ, .vocab = "person_category",
	    .example = "退休", .zh = "在职、退休、职工子女、联系点儿童",
	    .en = "serving, retired, staff child, contact-point child"),
	COL("五老类别", "wulao", IMPORT_VOCAB, OPT, .vocab = "wulao",
	    .example = "老干部", .zh = "老干部、老战士、老专家、老教师、老模范",
	    .en = "the five kinds of veteran (五老)"),
	COL("出生年份", "birth_year", IMPORT_INT, OPT, YEAR, .example = "1955",
	    .zh = "出生年份", .en = "year of birth"),
	COL("监护人编号", "guardian_id", IMPORT_REF, OPT, .ref = "people",
	    .example = "", .zh = "职工子女的在职父母的人员编号", .en = "person id of a staff child's parent"),
	COL("联系点", "contact_point", IMPORT_TEXT, OPT, .example = "", .zh = "联系点儿童所在的农村联系点或社区",
	    .en = "village or community of a contact-point child"),
	COL("留守", "left_behind", IMPORT_FLAG, OPT, .example = "否",
	    .zh = "留守儿童(是/否)", .en = "left-behind child (yes/no)"),
	COL("困境", "in_hardship", IMPORT_FLAG, OPT, .example = "否",
	    .zh = "困境儿童(是/否)", .en = "child in hardship (yes/no)"),
	COL("贫困", "poor", IMPORT_FLAG, OPT, .example = "否", .zh = "贫困(是/否)", .en = "poor (yes/no)"),
	COL("孤儿", "orphan", IMPORT_FLAG, OPT, .example = "否", .zh = "孤儿(是/否)", .en = "orphan (yes/no)"),
	COL("残疾", "disabled", IMPORT_FLAG, OPT, .example = "否", .zh = "残疾(是/否)", .en = "disabled (yes/no)"),
	COL("备注", "note", IMPORT_TEXT, OPT | IMPORT_PRIVATE, .example = "关工委日常负责老同志", .zh = "备注", .en = "note"),
};

static const struct import_col activities_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS-A01", .zh = "活动编号", .en = "activity id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "主办单位编号", .en = "organising unit code"),
	COL("标题", "title", IMPORT_TEXT, REQ, .example = "“六一”走进联系村小学慰问留守儿童",
	    .zh = "活动名称", .en = "title"),
	COL("开始日期", "start_date", IMPORT_DATE, REQ, .example = "2020-05-29", .zh = "开始日期", .en = "first day"),
	COL("结束日期", "end_date", IMPORT_DATE, OPT, .dflt_col = "开始日期", .not_before = "开始日期",
	    .example = "2020-05-29", .zh = "结束日期,空则同开始日期", .en = "last day; empty means the first day"),
	COL("主题", "theme", IMPORT_TEXT, OPT, .example = "童心向党", .zh = "主题", .en = "theme"),
	COL("口号", "slogan", IMPORT_TEXT, OPT, .example = "老少牵手 温暖童心", .zh = "口号", .en = "slogan"),
	COL("类别", NULL, IMPORT_TAGS, OPT, .vocab = "activity_tag",
	    .example = "六一;慰问", .zh = "春节、六一、十个一等,可多个,用 ; 、 , | 分隔",
	    .en = "春节, 六一, 十个一 ...; several, separated by ; 、 , |"),
	COL("地点", "place", IMPORT_TEXT, OPT, .example = "大英县联系村小学",
	    .zh = "地点或教育基地", .en = "place or education base"),
	COL("儿童人数", "children", IMPORT_INT, OPT, COUNT, .dflt = "0", .example = "25",
	    .zh = "参加的儿童人数,空为 0", .en = "children taking part; empty is 0"),
	COL("老同志人数", "retirees", IMPORT_INT, OPT, COUNT, .dflt = "0", .example = "4",
	    .zh = "参加的老同志人数,空为 0", .en = "retirees taking part; empty is 0"),
	COL("职工人数", "staff", IMPORT_INT, OPT, COUNT, .dflt = "0", .example = "10",
	    .zh = "参加的职工人数,空为 0", .en = "staff taking part; empty is 0"),
	COL("佐证材料", "evidence", IMPORT_TEXT, OPT, .example = "照片6张;赠书清单",
	    .zh = "照片、文件的路径或档案号", .en = "photos, files: paths or archive numbers"),
	COL("备注", "note", IMPORT_TEXT, OPT, .example = "与联系村小学共同组织", .zh = "备注", .en = "note"),
};

static const struct import_col participants_cols[] = {
	COL("活动编号", "activity_id", IMPORT_REF, KEY, .ref = "activities", .example = "SJ-BGS-A01",
	    .zh = "活动编号", .en = "activity id"),
	COL("人员编号", "person_id", IMPORT_REF, KEY, .ref = "people", .example = "SJ-BGS-T01",
	    .zh = "人员编号", .en = "person id"),
	COL("角色", "role", IMPORT_TEXT, OPT, .example = "讲述",
	    .zh = "组织、讲述、参加等", .en = "organiser, speaker, participant ..."),
};

static const struct import_col meetings_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS-M01", .zh = "会议编号", .en = "meeting id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("会议类型", "body", IMPORT_VOCAB, REQ, .vocab = "meeting_body",
	    .example = "党组会", .zh = "党组会、局务会、关工委会议等", .en = "party group, bureau, 关工委 meeting ..."),
	COL("日期", "date", IMPORT_DATE, REQ, .example = "2020-04-28", .zh = "开会日期", .en = "date held"),
	COL("名称", "title", IMPORT_TEXT, OPT, .example = "2020年第5次党组会议", .zh = "会议名称", .en = "title"),
};

static const struct import_col agenda_cols[] = {
	COL("会议编号", "meeting_id", IMPORT_REF, KEY, .ref = "meetings", .example = "SJ-BGS-M01",
	    .zh = "会议编号", .en = "meeting id"),
	COL("序号", "seq", IMPORT_INT, KEY, .min = 1, .max = 1000, .example = "1",
	    .zh = "议题序号,从 1 起", .en = "item number, from 1"),
	COL("议题类型", "kind", IMPORT_VOCAB, REQ, .vocab = "agenda_kind",
	    .example = "研究", .zh = "研究、安排、检查、奖惩、学习",
	    .en = "study, plan, inspect, reward/punish, learn"),
	COL("议题", "topic", IMPORT_TEXT, REQ, .example = "研究部署2020年关心下一代工作",
	    .zh = "议题内容", .en = "topic"),
	COL("涉及关心下一代工作", "covers_guanai", IMPORT_FLAG, REQ,
	    .example = "是", .zh = "是否涉及关心下一代工作(是/否)", .en = "covers 关心下一代 work (yes/no)"),
	COL("属业务工作", "business", IMPORT_FLAG, REQ, .example = "是",
	    .zh = "是否属业务工作(是/否)", .en = "is business work (yes/no)"),
};

static const struct import_col documents_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS-D01", .zh = "文件编号", .en = "document id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("类别", "kind", IMPORT_VOCAB, REQ, .vocab = "document_kind",
	    .example = "制度", .zh = "计划、工作方案、制度、总结、简报等",
	    .en = "plan, work programme, rules, summary, bulletin ..."),
	COL("子类", "subkind", IMPORT_VOCAB, OPT | IMPORT_LIST, .vocab = "rule_kind", .when_col = "类别", .when_val = "制度",
	    .example = "学习", .zh = "制度的种类:工作、学习、服务等;一份文件建立几项制度时以 ; 分隔",
	    .en = "for 制度 (rules): work, study, service ...; several separated by ; when one document sets up several"),
	COL("标题", "title", IMPORT_TEXT, REQ, .example = "局机关关工委学习制度", .zh = "文件标题", .en = "title"),
	COL("日期", "date", IMPORT_DATE, REQ, .example = "2020-05-06", .zh = "成文日期", .en = "date written"),
	COL("报送单位", "sent_to", IMPORT_TEXT, OPT, .example = "市直机关关工委",
	    .zh = "报送给谁,如 市直机关关工委", .en = "sent to, e.g. 市直机关关工委"),
	COL("报送日期", "sent_date", IMPORT_DATE, OPT, .not_before = "日期", .example = "2020-05-08",
	    .zh = "报送日期,不早于成文日期", .en = "date sent, not before the date written"),
	COL("佐证材料", "evidence", IMPORT_TEXT, OPT, .example = "档案 GG-2020-03",
	    .zh = "文件路径或档案号", .en = "file path or archive number"),
};

static const struct import_col posts_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS-W01", .zh = "宣传记录编号", .en = "post id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("渠道", "channel", IMPORT_VOCAB, REQ, .vocab = "post_channel",
	    .example = "微信", .zh = "官网、微信、微博、其他", .en = "website, WeChat, Weibo, other"),
	COL("日期", "date", IMPORT_DATE, REQ, .example = "2020-06-01", .zh = "发布日期", .en = "date published"),
	COL("标题", "title", IMPORT_TEXT, REQ, .example = "局机关开展“六一”关爱留守儿童活动",
	    .zh = "标题", .en = "title"),
	COL("链接", "url", IMPORT_TEXT, OPT, .example = "https://www.example.gov.cn/news/20200601",
	    .zh = "网址", .en = "URL"),
};

static const struct import_col funds_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS-F01", .zh = "经费记录编号", .en = "fund record id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("日期", "date", IMPORT_DATE, REQ, .example = "2020-06-01", .zh = "日期", .en = "date"),
	COL("类型", "direction", IMPORT_VOCAB, REQ, .vocab = "fund_direction",
	    .example = "支出", .zh = "预算、拨付、支出", .en = "budget, allocation, expense"),
	COL("金额", "amount_fen", IMPORT_MONEY, REQ, .example = "800.00",
	    .zh = "金额(元,最多两位小数)", .en = "amount in yuan, at most 2 decimals"),
	COL("用途", "purpose", IMPORT_TEXT, OPT, .example = "六一慰问品", .zh = "用途", .en = "purpose"),
	COL("活动编号", "activity_id", IMPORT_REF, OPT, .ref = "activities",
	    .example = "SJ-BGS-A01", .zh = "相关活动的编号", .en = "id of the activity it paid for"),
};

static const struct import_col roles_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS-R01", .zh = "职责记录编号", .en = "role record id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("人员编号", "person_id", IMPORT_REF, REQ, .ref = "people", .example = "SJ-BGS-T01",
	    .zh = "担任者的人员编号", .en = "person id of the holder"),
	COL("职责", "role", IMPORT_VOCAB, REQ, .vocab = "role",
	    .example = "日常负责老同志", .zh = "分管领导、办事人员、日常负责老同志、联络员",
	    .en = "leader in charge, clerk, retiree in charge, liaison"),
	COL("开始日期", "start_date", IMPORT_DATE, REQ, .example = "2020-01-01", .zh = "任职开始", .en = "from"),
	COL("结束日期", "end_date", IMPORT_DATE, OPT, .not_before = "开始日期", .example = "2020-12-31",
	    .zh = "任职结束,空为至今", .en = "until; empty means still holding it"),
};

static const struct import_col offices_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS-O01", .zh = "办公场所编号", .en = "office id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("地点", "place", IMPORT_TEXT, REQ, .example = "局机关三楼关工委办公室",
	    .zh = "地址或房间", .en = "address or room"),
	COL("面积", "area_m2", IMPORT_INT, OPT, COUNT, .example = "20",
	    .zh = "面积(平方米,整数)", .en = "area in square metres (whole)"),
	COL("开始日期", "start_date", IMPORT_DATE, REQ, .example = "2020-10-01", .zh = "启用日期", .en = "in use from"),
	COL("结束日期", "end_date", IMPORT_DATE, OPT, .not_before = "开始日期", .example = "",
	    .zh = "停用日期,空为仍在用", .en = "in use until; empty means still in use"),
};

static const struct import_col pairings_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SJ-BGS-J01", .zh = "结对编号", .en = "pairing id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("帮扶人编号", "helper_id", IMPORT_REF, REQ, .ref = "people", .example = "SJ-BGS-T01",
	    .zh = "帮扶人的人员编号", .en = "person id of the helper"),
	COL("儿童编号", "child_id", IMPORT_REF, REQ, .ref = "people", .example = "SJ-BGS-T01",
	    .zh = "儿童的人员编号", .en = "person id of the child"),
	COL("帮扶类型", "kind", IMPORT_TEXT, OPT, .example = "助学",
	    .zh = "助学、助困、助孤、助残、帮教", .en = "schooling, hardship, orphan, disability, guidance"),
	COL("开始日期", "start_date", IMPORT_DATE, REQ, .example = "2020-05-29", .zh = "结对开始", .en = "from"),
	COL("结束日期", "end_date", IMPORT_DATE, OPT, .not_before = "开始日期", .example = "2020-12-31",
	    .zh = "结对结束,空为仍在帮扶", .en = "until; empty means ongoing"),
};

static const struct import_col waivers_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "W-2020-01", .zh = "豁免编号", .en = "waiver id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("规则", "rule_id", IMPORT_RULEID, REQ, .example = "1.2-office",
	    .zh = "被豁免的规则编号", .en = "id of the rule waived"),
	COL("开始日期", "period_from", IMPORT_DATE, REQ, .example = "2020-04-01",
	    .zh = "豁免期间开始", .en = "first day waived"),
	COL("结束日期", "period_to", IMPORT_DATE, REQ, .not_before = "开始日期", .example = "2020-09-30",
	    .zh = "豁免期间结束", .en = "last day waived"),
	COL("理由", "justification", IMPORT_TEXT, REQ, .example = "办公楼改造,关工办公场所暂缺",
	    .zh = "豁免理由", .en = "justification"),
	COL("有效期至", "expires", IMPORT_DATE, REQ, .not_before = "开始日期", .example = "2020-09-30",
	    .zh = "豁免失效日期", .en = "the waiver expires on"),
	COL("批准人", "approved_by", IMPORT_TEXT, OPT, .example = "市直机关关工委",
	    .zh = "批准人", .en = "approved by"),
};

static const struct import_col self_assessments_cols[] = {
	COL("编号", "id", IMPORT_ID, KEY, .example = "SA-2020-01", .zh = "自评编号", .en = "self-assessment id"),
	COL("单位", "unit_id", IMPORT_REF, REQ, .ref = "units", .example = "SJ-BGS",
	    .zh = "单位编号", .en = "unit code"),
	COL("义务", "obligation", IMPORT_TEXT, REQ, .example = "1.2.2",
	    .zh = "计划义务的编号(rules/obligations-*.tsv,yaodian coverage 列出)",
	    .en = "id of the plan's obligation (rules/obligations-*.tsv, listed by yaodian coverage)"),
	COL("日期", "date", IMPORT_DATE, REQ, .example = "2020-12-20", .zh = "自评日期", .en = "date written"),
	COL("自评内容", "text", IMPORT_TEXT, REQ, .example = "选配3名骨干任关工委委员,分工明确",
	    .zh = "做了什么、做得怎样", .en = "what was done, and how well"),
	COL("佐证", "evidence", IMPORT_TEXT, OPT, .example = "2020年关工档案第3卷",
	    .zh = "佐证材料存放处", .en = "where the evidence is kept"),
	COL("批准人", "approved_by", IMPORT_TEXT, OPT, .example = "局机关党委",
	    .zh = "批准人;空为尚未批准(不作依据)", .en = "approved by; empty means not yet approved (not relied on)"),
};

#define KIND(n, a, noun, t, c, z, e) { .name = (n), .alias = (a), .noun_en = (noun), .table = (t), \
				       .cols = (c), .ncols = N(c), .zh = (z), .en = (e) }

const struct import_kind import_kind_table[] = {
	KIND("units", "单位", "unit", "units", units_cols, "单位(科室、直属单位)", "units (sections, institutions)"),
	KIND("unit_years", "单位年度", "unit year", "unit_years", unit_years_cols,
	     "各单位每年的人数", "headcounts per unit and year"),
	KIND("people", "人员", "person", "people", people_cols, "人员:职工、退休老同志、儿童",
	     "people: staff, retirees, children"),
	{ .name = "activities", .alias = "活动", .noun_en = "activity", .table = "activities",
	  .cols = activities_cols, .ncols = N(activities_cols), .tag_table = "activity_tags",
	  .tag_key = "activity_id", .tag_col = "tag", .zh = "关心下一代活动", .en = "activities for the young" },
	KIND("participants", "参与人员", "participant", "participants", participants_cols,
	     "活动的参与人员", "who took part in an activity"),
	KIND("meetings", "会议", "meeting", "meetings", meetings_cols, "会议", "meetings"),
	KIND("agenda", "议题", "agenda item", "agenda_items", agenda_cols, "会议议题(四同)",
	     "agenda items of meetings (the four same)"),
	KIND("documents", "文件", "document", "documents", documents_cols, "计划、制度、总结等文件",
	     "plans, rules, summaries and other documents"),
	KIND("posts", "宣传", "post", "posts", posts_cols, "宣传报道", "publicity posts"),
	KIND("funds", "经费", "fund record", "funds", funds_cols, "经费预算、拨付与支出", "budget, allocations and expenses"),
	KIND("roles", "职责", "role", "roles", roles_cols, "关工委的职责分工", "who holds which 关工委 role"),
	KIND("offices", "办公场所", "office", "offices", offices_cols, "办公场所", "offices"),
	KIND("pairings", "结对", "pairing", "pairings", pairings_cols, "结对帮扶", "helper–child pairings"),
	KIND("waivers", "豁免", "waiver", "waivers", waivers_cols, "规则豁免(须有理由和有效期)",
	     "rule waivers (with justification and expiry)"),
	KIND("self_assessments", "自评", "self-assessment", "self_assessments", self_assessments_cols,
	     "自评:记录不能说明的义务,由单位自评、经批准", "self-assessments of obligations records cannot show, approved"),
};

const size_t import_kind_count = N(import_kind_table);
_Static_assert(N(import_kind_table) == IMPORT_NKINDS, "IMPORT_NKINDS must match the table");

const struct import_kind *import_kind_find(const char *name)
{
	for (size_t i = 0; i < import_kind_count; i++)
		if (strcmp(name, import_kind_table[i].name) == 0 || strcmp(name, import_kind_table[i].alias) == 0)
			return &import_kind_table[i];
	return NULL;
}

const struct import_kind *import_kind_by_table(const char *table)
{
	for (size_t i = 0; i < import_kind_count; i++)
		if (strcmp(table, import_kind_table[i].table) == 0)
			return &import_kind_table[i];
	return NULL;
}

/* Display width of UTF-8 text (CJK counts 2), for aligning the --help table. */
static int text_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int w = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	while (*p && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
		w += utf8proc_charwidth(cp);
		p += n;
	}
	return w;
}

static void put_padded(FILE *out, const char *s, int width)
{
	fputs(s, out);
	for (int w = text_width(s); w < width; w++)
		fputc(' ', out);
}

/* What a column holds, in a few words: "日期", "词表 meeting_body", "引用 units". */
static void type_name(const struct import_col *col, char *buf, size_t size)
{
	switch (col->type) {
	case IMPORT_ID: snprintf(buf, size, "%s", tr("编号", "id")); break;
	case IMPORT_INT: snprintf(buf, size, "%s", tr("整数", "whole number")); break;
	case IMPORT_DATE: snprintf(buf, size, "%s", tr("日期", "date")); break;
	case IMPORT_FLAG: snprintf(buf, size, "%s", tr("是/否", "yes/no")); break;
	case IMPORT_MONEY: snprintf(buf, size, "%s", tr("金额(元)", "yuan")); break;
	case IMPORT_VOCAB: snprintf(buf, size, "%s %s", tr("词表", "vocab"), col->vocab); break;
	case IMPORT_REF: snprintf(buf, size, "%s %s", tr("引用", "ref"), col->ref); break;
	case IMPORT_TAGS: snprintf(buf, size, "%s %s", tr("多值词表", "vocab list"), col->vocab); break;
	case IMPORT_RULEID: snprintf(buf, size, "%s", tr("规则编号", "rule id")); break;
	default: snprintf(buf, size, "%s", tr("文本", "text")); break;
	}
}

static void describe_kind(FILE *out, const struct import_kind *k)
{
	fprintf(out, "%s (%s) — %s\n  ", k->name, k->alias, tr(k->zh, k->en));
	put_padded(out, tr("列名", "column"), 20);
	put_padded(out, tr("必填", "required"), 10);
	put_padded(out, tr("类型", "type"), 26);
	fprintf(out, "%s\n", tr("内容", "meaning"));
	for (size_t j = 0; j < k->ncols; j++) {
		const struct import_col *col = &k->cols[j];
		char type[64];
		type_name(col, type, sizeof type);
		fputs("  ", out);
		put_padded(out, col->header, 20);
		put_padded(out, col->flags & IMPORT_REQUIRED ? tr("是", "yes") : "", 10);
		put_padded(out, type, 26);
		fprintf(out, "%s\n", tr(col->zh, col->en));
	}
}

void import_describe(FILE *out, const char *kind)
{
	if (kind) {
		const struct import_kind *k = import_kind_find(kind);
		if (k)
			describe_kind(out, k);
		else
			diag(NULL, 0, NULL, tr("未知的记录类型:%s", "unknown record kind: %s"), kind);
		return;
	}
	fprintf(out, "%s\n\n", tr("按以下顺序导入(后面的记录引用前面的):", "Import in this order (later kinds refer to earlier ones):"));
	for (size_t i = 0; i < import_kind_count; i++) {
		if (i)
			fputc('\n', out);
		describe_kind(out, &import_kind_table[i]);
	}
}
