//! A scripted walk of one department's 2019 dossier through the assessment workflow of the Hòa Bình
//! guidance: self-scoring with evidence (S3), one submission before 18/11 (S3, S5), appraisal by two
//! council members in their own fields (S7) with a refused out-of-remit appraisal, the lock at the
//! end of 26/11 (S6), an explanation (S8), the re-appraisal, the announcement on 18/12 (S8), and the
//! final score with each item's history.
//!
//! Run with `cargo run --example walk_2019`.

use parindex::decimal::show;
use parindex::input::ComponentInput;
use parindex::score::PointSource;
use parindex::workflow::{Act, Actor, Dossier, Event};
use parindex::{builtin, score_unit, Context, Decimal, Error, RuleSet};
use std::process::ExitCode;

const UNIT: &str = "so-xay-dung";
const NAME: &str = "Sở Xây dựng";
const GROUP: &str = "department";

fn main() -> ExitCode {
    match walk() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

fn print_events(events: &[Event]) {
    for e in events {
        let what = match &e.act {
            Act::Transition { from, to, trigger } => format!("{from} → {to} ({trigger:?})"),
            Act::SelfScore {
                code,
                points,
                evidence,
                ..
            } => {
                format!(
                    "self-score {code} = {} [{} evidence]",
                    show(*points),
                    evidence.len()
                )
            }
            Act::Appraise { code, points, .. } => format!("appraise {code} = {}", show(*points)),
            Act::Reappraise { code, points, .. } => {
                format!("re-appraise {code} = {}", show(*points))
            }
            Act::Explain { code, evidence, .. } => {
                format!("explain {code} [+{} evidence]", evidence.len())
            }
            other => other.name().to_string(),
        };
        println!(
            "  #{:<3} {}  {:<34} {}",
            e.seq,
            e.at,
            e.actor.to_string(),
            what
        );
    }
}

fn refused(what: &str, r: Result<&[Event], Error>) {
    match r {
        Ok(_) => println!("  !! {what}: unexpectedly accepted"),
        Err(e) => println!(
            "  refused — {what}: [{}] {}",
            e.code(),
            e.issues()[0].message
        ),
    }
}

fn walk() -> Result<(), Error> {
    let rs: RuleSet = builtin::ruleset(builtin::DEFAULT_RULESET)?;
    let mut d = Dossier::open(&rs, UNIT, NAME, GROUP, None)?;
    let s = d.schedule().clone();
    let at = |x: &str| s.time(x);
    println!(
        "{} — {} ({}), năm {}",
        rs.def().title.vi,
        NAME,
        UNIT,
        rs.def().year
    );
    if let Some(n) = rs.notice() {
        println!("⚠ {n}");
    }
    println!(
        "Lịch (S5, S6, S8): nộp trước {} · thẩm định từ {} · khóa lúc {} · giải trình từ {} đến trước {} · vòng 2 đến trước {} · công bố từ {}\n",
        s.deadline, s.appraisal_start, s.lock, s.explanation_start, s.explanation_end, s.reappraisal_end, s.announcement
    );

    // The leaves of the unit's group, with who appraises each (S7).
    let (_, level) = rs
        .level(&d.header().level)
        .ok_or_else(|| Error::input("input.unknown_level", "$", "the unit's level is missing"))?;
    let applies = level.applies.get(GROUP).cloned().unwrap_or_default();
    let remit = parindex::workflow::remit_map(&rs, &level.id)?;
    let leaves: Vec<(String, Decimal)> = level
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| n.children.is_empty() && applies.get(*i).copied().unwrap_or(false))
        .map(|(_, n)| (n.code.to_string(), n.max))
        .collect();

    // 1. Self-scoring with evidence (S3). The unit is optimistic; one item has no evidence (S7).
    println!("1. Tự chấm điểm (S3) — {} tiêu chí", leaves.len());
    let unit = Actor::unit(UNIT);
    let t = at("2019-11-12T08:30")?;
    for (code, max) in &leaves {
        let evidence: Vec<String> = match code.as_str() {
            "5.4.3" => vec![],
            _ => vec![format!("{UNIT}/{code}.pdf")],
        };
        let act = Act::SelfScore {
            code: code.clone(),
            points: *max,
            evidence,
            note: None,
        };
        d.apply(&rs, &unit, t, act)?;
    }
    // A few leaves' points: the sum cannot overflow.
    #[allow(clippy::disallowed_methods)]
    let total = leaves.iter().map(|l| l.1).sum();
    println!(
        "  {} tiêu chí tự chấm, tổng {} điểm",
        leaves.len(),
        show(total)
    );

    // 2. One submission before 18/11 (S3, S5).
    println!("\n2. Gửi kết quả tự chấm (S3)");
    print_events(d.submit(&rs, &unit, at("2019-11-15T16:45")?)?);
    refused(
        "gửi lần hai (S3)",
        d.submit(&rs, &unit, at("2019-11-16T08:00")?),
    );
    refused(
        "sửa điểm sau khi gửi (S3)",
        d.self_score(
            &rs,
            &unit,
            at("2019-11-16T08:05")?,
            "1.2",
            dec("0.5"),
            &["x.pdf"],
        ),
    );

    // 3. Appraisal by two council members, each in their own field (S6, S7).
    println!("\n3. Thẩm định (S6, S7)");
    let justice = Actor::member("so_tu_phap");
    let finance = Actor::member("so_tai_chinh");
    let cuts = [
        ("2.3.2", "0.5", "chưa xử lý hết kết quả theo dõi"),
        ("2.1.1", "0.5", "chậm 1 văn bản"),
    ];
    let fcuts = [("6.1.1", "0.5", "giải ngân đạt 72%")];
    let mut t = at("2019-11-19T08:00")?;
    for (code, _) in leaves
        .iter()
        .filter(|(c, _)| remit.get(c).map(String::as_str) == Some("so_tu_phap"))
    {
        let (points, note) = match cuts.iter().find(|c| c.0 == code) {
            Some(c) => (dec(c.1), Some(c.2)),
            None => (
                leaves
                    .iter()
                    .find(|l| &l.0 == code)
                    .map(|l| l.1)
                    .unwrap_or_default(),
                None,
            ),
        };
        print_events(d.appraise(&rs, &justice, t, code, points, note)?);
    }
    t = at("2019-11-21T14:00")?;
    for (code, _) in leaves
        .iter()
        .filter(|(c, _)| remit.get(c).map(String::as_str) == Some("so_tai_chinh"))
    {
        let (points, note) = match fcuts.iter().find(|c| c.0 == code) {
            Some(c) => (dec(c.1), Some(c.2)),
            None => (
                leaves
                    .iter()
                    .find(|l| &l.0 == code)
                    .map(|l| l.1)
                    .unwrap_or_default(),
                None,
            ),
        };
        print_events(d.appraise(&rs, &finance, t, code, points, note)?);
    }
    refused(
        "Sở Tài chính thẩm định tiêu chí 2.2.1 ngoài lĩnh vực (S7)",
        d.appraise(
            &rs,
            &finance,
            at("2019-11-22T09:00")?,
            "2.2.1",
            dec("0"),
            None,
        ),
    );
    refused(
        "Sở Tư pháp thẩm định lại 2.3.2 (S7: mỗi hồ sơ chỉ thẩm định 01 lần)",
        d.appraise(
            &rs,
            &justice,
            at("2019-11-22T09:05")?,
            "2.3.2",
            dec("1"),
            None,
        ),
    );

    // 4. The lock at the end of 26/11 (S6).
    println!("\n4. Khóa phần mềm hết ngày 26/11 (S6)");
    refused(
        "thẩm định lúc 27/11 00:00",
        d.appraise(
            &rs,
            &justice,
            at("2019-11-27T00:00")?,
            "2.4",
            dec("1"),
            None,
        ),
    );

    // 5. Explanation 27/11–06/12 (S8).
    println!("\n5. Giải trình (S8)");
    print_events(d.explain(
        &rs,
        &unit,
        at("2019-11-29T10:00")?,
        "2.3.2",
        "Đã xử lý 12/12 kiến nghị sau theo dõi thi hành pháp luật; bổ sung báo cáo",
        &["so-xay-dung/2.3.2-bo-sung.pdf"],
    )?);
    print_events(d.explain(
        &rs,
        &unit,
        at("2019-12-02T15:00")?,
        "6.1.1",
        "Tỷ lệ giải ngân đến 30/11 đạt 81%",
        &[],
    )?);
    refused(
        "giải trình ngày 07/12 (S8)",
        d.explain(&rs, &unit, at("2019-12-07T08:00")?, "2.1.1", "muộn", &[]),
    );

    // 6. Second round.
    println!("\n6. Thẩm định lại (vòng 2)");
    print_events(d.reappraise(
        &rs,
        &justice,
        at("2019-12-16T09:00")?,
        "2.3.2",
        dec("1"),
        Some("chấp nhận giải trình"),
    )?);
    print_events(d.reappraise(
        &rs,
        &finance,
        at("2019-12-16T10:00")?,
        "6.1.1",
        dec("0.5"),
        Some("số liệu sau thời điểm đánh giá, giữ nguyên"),
    )?);

    // 7. Announcement (S8).
    println!("\n7. Công bố (S8)");
    refused(
        "công bố ngày 17/12",
        d.announce(&rs, &Actor::chairman(), at("2019-12-17T09:00")?),
    );
    print_events(d.announce(&rs, &Actor::chairman(), at("2019-12-18T09:00")?)?);

    // The stored dossier replays to the same state.
    let stored = d.to_json();
    let replayed = Dossier::from_json(&rs, &stored)?;
    println!(
        "\nNhật ký: {} sự kiện, {} byte JSON; phát lại cho cùng trạng thái: {}",
        d.log().len(),
        stored.len(),
        replayed == d
    );

    // The final score. Survey and IT points are published separately (S2, S9); a portal adds them.
    let mut input = d.unit_input();
    input.components.insert(
        "it".into(),
        ComponentInput::Points {
            points: dec("3.25"),
        },
    );
    input.components.insert(
        "survey".into(),
        ComponentInput::Percentage {
            percentage: dec("81.37"),
        },
    );
    let score = score_unit(&rs, input, &Context::default(), "$")?;
    println!("\nKết quả cuối cùng — lịch sử từng tiêu chí (tự chấm → thẩm định → giải trình → thẩm định lại)");
    println!(
        "  {:<7} {:>5} {:>6} {:>6} {:>6} {:>6}  {:<12} Ghi chú",
        "Mã", "Tối đa", "Tự", "TĐ1", "TĐ2", "Điểm", "Nguồn"
    );
    for n in score
        .nodes
        .iter()
        .filter(|n| n.leaf && n.max_points > Decimal::ZERO)
    {
        let h = n.history();
        let opt = |v: Option<Decimal>| v.map(show).unwrap_or_else(|| "—".into());
        let source = match n.source {
            Some(PointSource::Reappraised) => "thẩm định 2",
            Some(PointSource::Appraised) => "thẩm định 1",
            Some(PointSource::SelfScore) => "tự chấm",
            Some(PointSource::Facts) => "dữ kiện",
            None => "không công nhận",
        };
        println!(
            "  {:<7} {:>5} {:>6} {:>6} {:>6} {:>6}  {:<12} {}",
            n.code,
            show(n.max_points),
            opt(h.self_score),
            opt(h.appraised),
            opt(h.reappraised),
            n.points,
            source,
            h.notes.join(" | ")
        );
    }
    println!();
    for c in &score.components {
        println!("  {:<8} {:>6} / {}", c.id, c.points, show(c.max_points));
    }
    println!(
        "  Tổng {} / {} → chỉ số {}% · xếp loại: {}",
        score.total,
        show(score.max_points),
        score.index,
        score.band_label
    );
    Ok(())
}
