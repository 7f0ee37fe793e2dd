-- 3-8_aid.lua — 三、8 强化帮扶助困主题活动: pairing with left-behind children, the five kinds
-- of aid, and charitable donations.

local C = "三、8"

rule {
  id = "3.8-pairing",
  clause = C,
  text = "积极组织干部职工子女和农村联系点的留守儿童开展结对帮扶",
  title = "与联系点留守儿童结对帮扶",
  title_en = "Pairing with left-behind children",
  requires = "年内有在帮扶期内的结对记录,受助儿童为登记的留守儿童(人员表“留守”为是)",
  interpretation = "“与留守儿童结对帮扶”以帮扶期与年度重叠、受助儿童登记为留守的结对记录为证。",
  due = "year",
  severity = "medium",
  points = 2,
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.unit_rows(ctx, [[
      SELECT j.id, j.unit_id FROM pairings j JOIN people c ON c.id = j.child_id
      WHERE j.start_date <= ? AND (j.end_date IS NULL OR j.end_date >= ?)
        AND c.left_behind = 1 AND %s
      ORDER BY j.id]], "j.unit_id", ctx.to, ctx.from)
    if #rows > 0 then
      return pass(string.format("与留守儿童结对 %d 对", #rows), refs("pairings", rows))
    end
    return fail("没有与留守儿童的结对帮扶记录",
                { looked_for = "受助儿童为留守儿童、帮扶期与 " .. ctx.from .. ".." .. ctx.to .. " 重叠的结对记录" })
  end),
}

rule {
  id = "3.8-aid",
  clause = C,
  text = "开展爱心助学、助困、助孤、助残和爱心帮教行动",
  title = "爱心助学、助困、助孤、助残、帮教",
  title_en = "Aid for study, hardship, orphans, the disabled; mentoring",
  requires = "年内至少开展一次助学、助困、助孤、助残或帮教活动(活动类别含其一)",
  interpretation = "五种行动任一种都算(活动类别含助学、助困、助孤、助残、帮教或帮扶),计划没有定次数,默认年内至少一次。",
  due = "year",
  severity = "medium",
  points = 2,
  check_all = true, check = function(ctx)   -- lib.require_activities judges one unit or all
    return lib.require_activities(ctx, { tags = { "助学", "助困", "助孤", "助残", "帮教", "帮扶" },
                                         min_children = 1, what = "帮扶助困活动", what_en = "aid activities" })
  end,
}

rule {
  id = "3.8-donation",
  clause = C,
  text = "积极参与社会公益捐赠活动",
  title = "参与社会公益捐赠",
  title_en = "Charitable donations",
  requires = "年内参与社会公益捐赠活动(活动类别含“捐赠”)",
  interpretation = "按活动类别“捐赠”判断,不要求有儿童参加,计划没有定次数,默认年内至少一次。",
  due = "year",
  severity = "low",
  points = 1,
  check_all = true, check = function(ctx)   -- lib.require_activities judges one unit or all
    return lib.require_activities(ctx, { tags = { "捐赠" }, what = "公益捐赠活动", what_en = "donation activities" })
  end,
}

-- Obligations records cannot show, judged on the unit's approved self-assessment (自评):
rule(lib.self_rule { ob = "3.8.1", clause = "三、8", text = "认真落实市委办、市政府办《关于建立遂宁市困境儿童、贫困青少年关爱保护工作联席议制度的通知》精神",
                     title = "落实困境儿童关爱保护联席会议制度通知精神", title_en = "the city's joint-meeting notice on children in hardship carried out" })
