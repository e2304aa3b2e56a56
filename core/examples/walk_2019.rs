//! A scripted walk of one department's 2019 dossier through the assessment workflow of the Hòa Bình
//! guidance: self-scoring with evidence (S3), one submission before 18/11 (S3, S5), appraisal by two
//! council members in their own fields (S7) with a refused out-of-remit appraisal, the lock at the
//! end of 26/11 after which members can no longer act (S6), explanations (S8), the IT points and
//! the survey entered by Sở Nội vụ (S2, S9), the council's reviewed decision recorded by Sở Nội vụ
//! at the council's review of 16–17/12 (S8), the announcement on 18/12 (S8), and the final score
//! with each item's history.
//!
//! Run with `cargo run --example walk_2019`.

use parindex::input::ComponentInput;
use parindex::internal::show;
use parindex::result::PointSource;
use parindex::workflow::{Act, Actor, Dossier, Event};
use parindex::{builtin, Decimal, Error, RuleSet};
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
            Act::Review { code, points, .. } => {
                format!("council's decision {code} = {}", show(*points))
            }
            Act::EnterComponent {
                component,
                points,
                percentage,
                ..
            } => match (points, percentage) {
                (_, Some(p)) => format!("component {component} = {}%", show(*p)),
                (Some(p), _) => format!("component {component} = {} points", show(*p)),
                _ => format!("component {component}"),
            },
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
    let review = s
        .review
        .as_ref()
        .map(|w| format!("{} đến trước {}", w.start, w.end))
        .unwrap_or_else(|| "—".into());
    println!(
        "Lịch (giờ Việt Nam, UTC+07:00; S5, S6, S8): nộp trước {} · thẩm định từ {} · khóa lúc {} · giải trình từ {} đến trước {} · Hội đồng rà soát từ {review} · công bố từ {}\n",
        s.deadline, s.appraisal_start, s.lock, s.explanation_start, s.explanation_end, s.announcement
    );

    // The leaves of the unit's group, with who appraises each (S7).
    let (_, level) = rs
        .level(&d.header().level)
        .ok_or_else(|| Error::input(parindex::Issue::new("input.unknown_level", "$", &[])))?;
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
        d.apply(&rs, &unit, t.clone(), act)?;
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
        print_events(d.appraise(&rs, &justice, t.clone(), code, points, note)?);
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
        print_events(d.appraise(&rs, &finance, t.clone(), code, points, note)?);
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

    // 4. The lock at the end of 26/11 (S6): a time from a browser (`toISOString()`, UTC) is
    // converted to Vietnam time.
    println!("\n4. Khóa phần mềm hết ngày 26/11 (S6): thành viên Hội đồng không đăng nhập được");
    refused(
        "thẩm định lúc 2019-11-26T17:00:00.000Z (27/11 00:00 giờ Việt Nam)",
        d.appraise(
            &rs,
            &justice,
            at("2019-11-26T17:00:00.000Z")?,
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

    // 6. Sở Nội vụ compiles (09–13/12): the IT points the Chairman announced (S2) and the survey
    // percentage (S9) complete the index.
    println!("\n6. Sở Nội vụ tổng hợp: điểm CNTT, điều tra xã hội học (S2, S9)");
    let secretariat = Actor::secretariat();
    print_events(d.enter_component(
        &rs,
        &secretariat,
        at("2019-12-10T09:00")?,
        "it",
        ComponentInput::Points {
            points: dec("3.25"),
        },
        Some("theo Quyết định công bố mức độ ứng dụng CNTT"),
    )?);
    print_events(d.enter_component(
        &rs,
        &secretariat,
        at("2019-12-10T09:05")?,
        "survey",
        ComponentInput::Percentage {
            percentage: dec("81.37"),
        },
        None,
    )?);

    // 7. The council reviews the report (16–17/12, S8); Sở Nội vụ records its decisions. A member
    // logging in to re-appraise is refused: the software is locked for members (S6).
    println!("\n7. Hội đồng thẩm định rà soát báo cáo (S8); Sở Nội vụ ghi nhận quyết định");
    refused(
        "Sở Tư pháp tự thẩm định lại 2.3.2 ngày 16/12 (S6)",
        d.appraise(
            &rs,
            &justice,
            at("2019-12-16T09:00")?,
            "2.3.2",
            dec("1"),
            None,
        ),
    );
    print_events(d.review(
        &rs,
        &secretariat,
        at("2019-12-17T09:00")?,
        "2.3.2",
        dec("1"),
        None,
        Some("Hội đồng chấp nhận giải trình"),
    )?);
    print_events(d.review(
        &rs,
        &secretariat,
        at("2019-12-17T09:10")?,
        "6.1.1",
        dec("0.5"),
        None,
        Some("số liệu sau thời điểm đánh giá, giữ nguyên"),
    )?);
    if let Some(r) = d.item("2.3.2").and_then(|i| i.review.as_ref()) {
        println!(
            "  căn cứ ({}): {}",
            r.basis.rules.join(", "),
            r.basis.step.vi
        );
    }

    // 8. Announcement (S8).
    println!("\n8. Công bố (S8)");
    refused(
        "công bố ngày 17/12",
        d.announce(&rs, &Actor::chairman(), at("2019-12-17T23:00")?),
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

    // The final score: the unit's full index, with the components Sở Nội vụ entered.
    let score = d.score(&rs)?;
    println!("\nKết quả cuối cùng — lịch sử từng tiêu chí (tự chấm → thẩm định → giải trình → Hội đồng rà soát)");
    println!(
        "  {:<7} {:>5} {:>6} {:>6} {:>6} {:>6}  {:<12} Ghi chú",
        "Mã", "Tối đa", "Tự", "TĐ", "HĐ", "Điểm", "Nguồn"
    );
    for n in score
        .nodes
        .iter()
        .filter(|n| n.leaf && n.max_points > Decimal::ZERO)
    {
        let h = n.history();
        let opt = |v: Option<Decimal>| v.map(show).unwrap_or_else(|| "—".into());
        let source = match n.source {
            Some(PointSource::Reappraised) => "HĐ rà soát",
            Some(PointSource::Appraised) => "thẩm định",
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
    for w in &score.warnings {
        println!("  ⚠ [{}] {}: {}", w.code, w.path, w.message);
    }
    Ok(())
}
