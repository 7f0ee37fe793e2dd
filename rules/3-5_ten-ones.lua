-- 3-5_ten-ones.lua — 三、5 开展“十个一”实践体验活动: in the winter and summer vacations, the
-- stories of veterans, and the summer camp.
-- The vacations are named periods of calendars/periods.tsv, looked up for the plan's place
-- (plan{ place = "遂宁" }) and year: add the local 校历 there, not here.

local C = "三、5"

rule {
  id = "3.5-ten-ones-winter",
  clause = C,
  text = "配合支持联络组集中组织学生开展寒暑假“十个一”活动",
  title = "寒假“十个一”活动",
  title_en = "\"Ten ones\" in the winter vacation",
  requires = "寒假期间组织学生参加“十个一”活动(活动类别含“十个一”)",
  interpretation = "寒假的日期取自 calendars/periods.tsv 中本地的校历,活动须在其间且类别含“十个一”。",
  due = { period = "寒假" },
  remind = 14,
  prepare = 14,
  severity = "medium",
  points = 2,
  check_all = true, check = function(ctx)   -- lib.require_activities judges one unit or all
    return lib.require_activities(ctx, { tags = { "十个一" }, min_children = 1, what = "寒假“十个一”活动",
                                         what_en = "winter \"ten ones\" activities" })
  end,
}

rule {
  id = "3.5-ten-ones-summer",
  clause = C,
  text = "配合支持联络组集中组织学生开展寒暑假“十个一”活动",
  title = "暑假“十个一”活动",
  title_en = "\"Ten ones\" in the summer vacation",
  requires = "暑假期间组织学生参加“十个一”活动(活动类别含“十个一”)",
  interpretation = "暑假的日期取自 calendars/periods.tsv 中本地的校历,活动须在其间且类别含“十个一”。",
  due = { period = "暑假" },
  remind = 14,
  prepare = 14,
  severity = "medium",
  points = 2,
  check_all = true, check = function(ctx)   -- lib.require_activities judges one unit or all
    return lib.require_activities(ctx, { tags = { "十个一" }, min_children = 1, what = "暑假“十个一”活动",
                                         what_en = "summer \"ten ones\" activities" })
  end,
}

rule {
  id = "3.5-stories",
  clause = C,
  text = "请专家、老同志讲“祖国的变化、家乡的变化”故事",
  title = "老同志讲“祖国的变化、家乡的变化”",
  title_en = "Veterans tell how the country and hometown changed",
  requires = "年内有老同志或专家给青少年讲故事的活动(类别含“讲故事”,老同志人数大于 0,或类别含“{expert_tag}”,或有角色为“{expert_role}”的参与人员)",
  interpretation = "“请专家、老同志讲”:讲的人是老同志(活动的老同志人数大于 0)或专家(活动类别含“专家讲座”或参与人员角色为“专家”)都算(参数 expert_tag、expert_role)。",
  due = "year",
  severity = "low",
  points = 1,
  params = { expert_tag = "专家讲座", expert_role = "专家" },
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.unit_rows(ctx, [[
      SELECT DISTINCT a.id, a.unit_id FROM activities a JOIN activity_tags t ON t.activity_id = a.id AND t.tag = '讲故事'
      WHERE a.start_date <= ? AND a.end_date >= ? AND a.children > 0
        AND (a.retirees > 0
          OR EXISTS (SELECT 1 FROM activity_tags e WHERE e.activity_id = a.id AND e.tag = ?)
          OR EXISTS (SELECT 1 FROM participants x WHERE x.activity_id = a.id AND x.role = ?)) AND %s
      ORDER BY a.start_date, a.id]], "a.unit_id", ctx.to, ctx.from, ctx.params.expert_tag, ctx.params.expert_role)
    if #rows > 0 then
      return pass(string.format("老同志讲故事活动 %d 次", #rows), refs("activities", rows))
    end
    return fail("没有老同志给青少年讲故事的活动",
                { looked_for = "类别含“讲故事”、老同志和儿童都参加的活动," .. ctx.from .. ".." .. ctx.to })
  end),
}

rule {
  id = "3.5-summer-camp",
  clause = C,
  text = "配合支持联络组组织职工子女积极参加青少年夏令营活动",
  title = "组织职工子女参加夏令营",
  title_en = "Staff children join a summer camp",
  requires = "6 月至 8 月组织职工子女参加青少年夏令营(活动类别含“夏令营”)",
  interpretation = "计划没有定夏令营的时间,按 6 月至 8 月内有类别为“夏令营”、有儿童参加的活动判断。",
  due = { from = "06-01", to = "08-31" },
  severity = "low",
  points = 1,
  check_all = true, check = function(ctx)   -- lib.require_activities judges one unit or all
    return lib.require_activities(ctx, { tags = { "夏令营" }, min_children = 1, what = "夏令营活动",
                                         what_en = "summer camps" })
  end,
}
