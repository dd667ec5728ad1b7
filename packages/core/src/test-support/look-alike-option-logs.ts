// Two signed logs with look-alike poll options, written by Veche at 428bf1e (before the rule that
// refuses them, poll-rules.ts), and the state hash each folded to then: one of a space founded before
// the text rules, one of a space under text rules 1. Both must still fold, event for event, to the
// same hash. Each event is its JSON, non-ASCII escaped; generated once, not to be edited (the
// signatures cover every byte).

export const LOOK_ALIKE_OPTION_LOGS: readonly {
  readonly texts: 0 | 1
  readonly hash: string
  readonly events: readonly string[]
}[] = [
  {
    texts: 0,
    hash: 'AJUJ6q1OMh4exAlrUbfmJSRzHuymyk7jk8QEF-ojaUo',
    events: [
      '{"v":1,"space":"lPVw_b9NYSlkcnoD4naVTQ","seq":1,"prev":null,"type":"assembly.created","body":{"nonce":"look-alike-before","name":"Hall","description":"","languages":["en"],"founderName":"Dana","rules":{"proposeRight":"member","inviteRight":"facilitator","quorum":{"ballots":0,"percent":0},"defaultMethod":"majority","visibility":"public"}},"at":1700000000000,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"3Iiscyc5eS3uUfKUlXs9-s77SIuN_4aG4QEzpB0SfxU7HIXHGEZO7hXzfIj1peQKqutMu9TYtc2grjS-303-DA"}',
      '{"v":1,"space":"lPVw_b9NYSlkcnoD4naVTQ","seq":2,"prev":"ZMM_yOpg6LmqoAEg7N0MIZDfWyT8ZZnNGS_8zplocsM","type":"member.admitted","body":{"member":"TYH4flEzBclPRehCdlnMwPi4EuABlY049bCDEhYJoac","name":"Bolat"},"at":1700000000001,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"8OX8AODZqDxuycyreabbQnCKpQZDYXa6GuB98WgPhhAiiTASlnKPHeTOrK6qGWE6j4KprugLbF-X4gJZcC-1BQ"}',
      '{"v":1,"space":"lPVw_b9NYSlkcnoD4naVTQ","seq":3,"prev":"PecIRjhSCXZWQhyoU7OtN2H5nbWJOZXL2W33y8sYzm8","type":"poll.opened","body":{"question":"Strike?","proposal":null,"method":"majority","options":["Yes","Y\u0435s","No"],"voters":"members","threshold":{"num":1,"den":2},"tieBreakSeed":"seed-0001"},"at":1700000000002,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"Pxyk2hTfCczwmiGya7LEAyu5QPB5gOis3MIy7_xKj-04OeMpIBag_4vcEsMXg4f56-TT1bqmQJh1fQlXYmLlCg"}',
      '{"v":1,"space":"lPVw_b9NYSlkcnoD4naVTQ","seq":4,"prev":"T9Q4G1KUN35xwbXHcXI2k7-WgkTc1WBO-xqxKS-ICic","type":"poll.opened.2","body":{"question":"Which repairs?","proposal":null,"method":"approval","options":["Roof","Roof ","Ro\u200bof","\uff32\uff4f\uff4f\uff46","Windows"],"voters":"members","threshold":{"num":0,"den":1},"seats":1,"scoreRange":null,"tieBreakSeed":"seed-0002"},"at":1700000000003,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"MwRWShp3AxJVkG-49MXMtSZ5wBU9PZQNkKIBBrcG88Ffoyy8d3_jj3CwJdGVQPfisrHCOYyxiewH9OljZzFrBg"}',
      '{"v":1,"space":"lPVw_b9NYSlkcnoD4naVTQ","seq":5,"prev":"mZ_BCj7HpS4dK7MURokHgqNQLyfKMEbCjjW5iedAWrA","type":"poll.opened.3","body":{"question":"Paint?","subject":null,"method":"majority","options":["Green","Gre\u034fen","Blue"],"voters":"members","threshold":{"num":1,"den":2},"seats":1,"scoreRange":null,"tieBreakSeed":"seed-0003","closesAt":1700000000100},"at":1700000000004,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"ywINekVJWwfxHEPT5rLD8GC43s-e6IId-DHCjoL79uCpWN55-UuWPJILPyyKcoWDJIkxPNeDo-dxphOeUA5MAw"}',
      '{"v":1,"space":"lPVw_b9NYSlkcnoD4naVTQ","seq":1,"prev":null,"type":"ballot.cast","body":{"poll":"T9Q4G1KUN35xwbXHcXI2k7-WgkTc1WBO-xqxKS-ICic","vote":{"choice":"Y\u0435s"}},"at":1700000000005,"author":"TYH4flEzBclPRehCdlnMwPi4EuABlY049bCDEhYJoac","sig":"eAovZm8iFakJI3dvxA44XlCr-TCPSQoDRE0_MeNLbdTJCZVtNGfEVDdyXuFnw2kOD_8cqB0buoRfA7tA0gTkAw"}',
      '{"v":1,"space":"lPVw_b9NYSlkcnoD4naVTQ","seq":6,"prev":"dG2q-wnAyoxJ8IlO7PpCzzmikH5ttuqwC697khYchYc","type":"ballot.cast","body":{"poll":"T9Q4G1KUN35xwbXHcXI2k7-WgkTc1WBO-xqxKS-ICic","vote":{"choice":"Yes"}},"at":1700000000006,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"Y4ac0286BfZUpGya0WhN2oFUgdB8HyN1RSRxWhlfR0cneDLCa3SSVdG-9m_OyqwrMvgYTtk3yyLJklYeHr4fCA"}',
    ],
  },
  {
    texts: 1,
    hash: 'G7vd7eHmcydE3PzFKp2cOd6AD8WU7IfQaEfDXNT5Mkg',
    events: [
      '{"v":1,"space":"GzVLnfSCrOm-LJ76Ja1WKg","seq":1,"prev":null,"type":"assembly.created","body":{"nonce":"look-alike-texts-1","name":"Hall","description":"","languages":["en"],"founderName":"Dana","rules":{"proposeRight":"member","inviteRight":"facilitator","quorum":{"ballots":0,"percent":0},"defaultMethod":"majority","visibility":"public"},"texts":1},"at":1700000000000,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"ei4tWlA8R__4do1yS2OX4vsLi1LUxImZY8gQr8oQJ7CLVwY-JidtAfuPO9LLa5TQnaZ-mzoVvI0B3xNJ0OosBw"}',
      '{"v":1,"space":"GzVLnfSCrOm-LJ76Ja1WKg","seq":2,"prev":"uyUfXfOS-khdL_JKofkwArvCOEtSuOalmvz-qnSjsU4","type":"member.admitted","body":{"member":"TYH4flEzBclPRehCdlnMwPi4EuABlY049bCDEhYJoac","name":"Bolat"},"at":1700000000001,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"yD34Bna-AsIeH4V9VPpbuLAp0FqvkofSSLTTbqv8-DtmrLPbu-d2bir3BunvoSp-OM-ZgJXnPQ2KifSMU0ZpAA"}',
      '{"v":1,"space":"GzVLnfSCrOm-LJ76Ja1WKg","seq":3,"prev":"0wjFgECbk3kKVoEGc-AIZljjxoeRhiVKr_Dob4na6FQ","type":"poll.opened","body":{"question":"Strike?","proposal":null,"method":"majority","options":["Yes","Y\u0435s","No"],"voters":"members","threshold":{"num":1,"den":2},"tieBreakSeed":"seed-0001"},"at":1700000000002,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"Z4OP8w3WqkMs6ZWgAQ-T7cLGi-WQmFfQZBL5TVJd_SsHFvDnhWl1B0MZkWNHC-rDjHx_bRmbWQrRfjYC_nYaAQ"}',
      '{"v":1,"space":"GzVLnfSCrOm-LJ76Ja1WKg","seq":4,"prev":"cLn7XL3XzAfLaH2eB2H5MVJzZU6-qPg7vbb_gxHMS1s","type":"poll.opened.2","body":{"question":"Which repairs?","proposal":null,"method":"approval","options":["Roof","Roof ","Ro\u200bof","\uff32\uff4f\uff4f\uff46","Windows"],"voters":"members","threshold":{"num":0,"den":1},"seats":1,"scoreRange":null,"tieBreakSeed":"seed-0002"},"at":1700000000003,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"aQa3PB8ZTKxnRZziBd47AKBTgzPMMJO589HmYFP0dnWdJXPXN7XRoBjvLjNKaMObTUB72NFZpdeXgzowDNxyDw"}',
      '{"v":1,"space":"GzVLnfSCrOm-LJ76Ja1WKg","seq":5,"prev":"JJoxiXC0k-si62XHkmSFHb4ZMnrngDI0imbBxDZgz2k","type":"poll.opened.3","body":{"question":"Paint?","subject":null,"method":"majority","options":["Green","Gre\u034fen","Blue"],"voters":"members","threshold":{"num":1,"den":2},"seats":1,"scoreRange":null,"tieBreakSeed":"seed-0003","closesAt":1700000000100},"at":1700000000004,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"TlZiNep0VQ7ryof4s3QcPvhw1fMZxns2KjeEUWU1dbWLG-h2YVUGsH_-VMKpUMJqjY_uOg8jmC0zlNsysU8MBg"}',
      '{"v":1,"space":"GzVLnfSCrOm-LJ76Ja1WKg","seq":1,"prev":null,"type":"ballot.cast","body":{"poll":"cLn7XL3XzAfLaH2eB2H5MVJzZU6-qPg7vbb_gxHMS1s","vote":{"choice":"Y\u0435s"}},"at":1700000000005,"author":"TYH4flEzBclPRehCdlnMwPi4EuABlY049bCDEhYJoac","sig":"J0LJ2fQX6pdR6ngKIGjGw5LeHEPoXmvI_JfBJeNXvj5YXV57aa22g6GNXi2XaY9lzsHa9Xb2jXDIWkUKH-o7BA"}',
      '{"v":1,"space":"GzVLnfSCrOm-LJ76Ja1WKg","seq":6,"prev":"SgFP4ThVPsxSsSqOqzr7I9rEi50SPkoC6NAgMu_ovZg","type":"ballot.cast","body":{"poll":"cLn7XL3XzAfLaH2eB2H5MVJzZU6-qPg7vbb_gxHMS1s","vote":{"choice":"Yes"}},"at":1700000000006,"author":"Rr3apVhHwHGSNMyr98bTzBxAlum_1Y-YJ4CYZTWWxGY","sig":"q0coA2541T1io5kRWF5qXqkEkQOp3BjZCt06HR0b8KgFLTl32etU_2t-r9B5LEN8-zC5ZMo1LAZHcn6qJCidBw"}',
    ],
  },
]
