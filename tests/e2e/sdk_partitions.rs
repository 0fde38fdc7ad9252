//! The SDK partition files every deployed function reads (`SMITHY_CLIENT_SDK_CUSTOM_PARTITION`, from
//! the `SdkDataLayer` in template.yaml) resolve every service endpoint exactly as the SDK's built-in
//! data does, in every region of their partition.
//!
//! Why the files exist: each SDK client parses the SDK's built-in partition table (eight partitions,
//! eight region regexes) when it is built, about a quarter of a function's init instructions. A file
//! holding only the partition the stack is deployed in costs an eighth of that (README, Cold start).
//!
//! The SDK reads the variable once per process, so the trimmed resolution runs in a child process
//! (this test binary, running the ignored `resolve_endpoints_child`) and is compared with the
//! built-in resolution in this one.

use enrich_tests::workspace_root;
use std::collections::BTreeMap;

const PARTITION_VAR: &str = "SMITHY_CLIENT_SDK_CUSTOM_PARTITION";
const REGIONS_VAR: &str = "ENRICH_TEST_REGIONS";

/// Every region the SDK's partition table lists today (its `*-global` pseudo-regions excepted: no
/// Lambda function runs there), plus names of regions that do not exist yet, which resolve through
/// the partition's regex as a new region will.
const PARTITIONS: &[(&str, &[&str])] = &[
    (
        "aws",
        &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "eu-central-9",
            "ap-northwest-4",
        ],
    ),
    ("aws-cn", &["cn-north-1", "cn-northwest-1", "cn-south-3"]),
    ("aws-eusc", &["eusc-de-east-1", "eusc-de-west-2"]),
    ("aws-iso", &["us-iso-east-1", "us-iso-west-1"]),
    ("aws-iso-b", &["us-isob-east-1", "us-isob-west-1"]),
    ("aws-iso-e", &["eu-isoe-west-1"]),
    ("aws-iso-f", &["us-isof-east-1", "us-isof-south-1"]),
    ("aws-us-gov", &["us-gov-east-1", "us-gov-west-1"]),
];

/// `service region fips dual-stack` → endpoint URL (or the resolver's error), for every SDK the
/// functions build clients of.
async fn resolve(regions: &[&str]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for region in regions {
        for fips in [false, true] {
            for dual in [false, true] {
                let key = |service: &str| format!("{service} {region} {fips} {dual}");
                macro_rules! service {
                    ($name:literal, $sdk:ident) => {{
                        use $sdk::config::endpoint::ResolveEndpoint as _;
                        let params = $sdk::config::endpoint::Params::builder()
                            .region(*region)
                            .use_fips(fips)
                            .use_dual_stack(dual)
                            .build()
                            .expect("complete parameters");
                        let resolved = $sdk::config::endpoint::DefaultResolver::new()
                            .resolve_endpoint(&params)
                            .await
                            .map(|e| e.url().to_owned())
                            .unwrap_or_else(|e| format!("error: {e}"));
                        out.insert(key($name), resolved);
                    }};
                }
                service!("dynamodb", aws_sdk_dynamodb);
                service!("sqs", aws_sdk_sqs);
                service!("sesv2", aws_sdk_sesv2);
                service!("eventbridge", aws_sdk_eventbridge);
                service!("apigateway", aws_sdk_apigateway);
            }
        }
    }
    out
}

/// Runs only as the child of `partition_files_resolve_like_the_sdk`: prints its resolutions as JSON.
#[tokio::test]
#[ignore = "child process of partition_files_resolve_like_the_sdk"]
async fn resolve_endpoints_child() {
    let regions = std::env::var(REGIONS_VAR).expect("run by the parent test");
    let regions: Vec<&str> = regions.split(',').collect();
    let resolved = resolve(&regions).await;
    println!(
        "ENDPOINTS {}",
        serde_json::to_string(&resolved).expect("a map of strings")
    );
}

#[tokio::test]
async fn partition_files_resolve_like_the_sdk() {
    assert!(
        std::env::var_os(PARTITION_VAR).is_none(),
        "the comparison needs the SDK's built-in partitions in this process"
    );
    let dir = workspace_root().join("infra/layers/sdk-data/sdk-partitions");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("the layer's partition folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    files.sort();
    let mut expected: Vec<String> = PARTITIONS
        .iter()
        .map(|(p, _)| format!("{p}.json"))
        .collect();
    expected.sort();
    assert_eq!(files, expected, "one file per partition, no other");

    let exe = std::env::current_exe().expect("this test binary");
    for (partition, regions) in PARTITIONS {
        let built_in = resolve(regions).await;
        let output = std::process::Command::new(&exe)
            .args([
                "sdk_partitions::resolve_endpoints_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(PARTITION_VAR, dir.join(format!("{partition}.json")))
            .env(REGIONS_VAR, regions.join(","))
            .output()
            .expect("the child test runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout
            .lines()
            // libtest may print the test's name on the same line first.
            .find_map(|l| l.split_once("ENDPOINTS ").map(|(_, json)| json))
            .unwrap_or_else(|| {
                panic!(
                    "{partition}: the child printed no endpoints: {stdout}{}",
                    String::from_utf8_lossy(&output.stderr)
                )
            });
        let trimmed: BTreeMap<String, String> = serde_json::from_str(line).expect("child JSON");
        assert_eq!(built_in.len(), regions.len() * 4 * 5);
        for (key, url) in &built_in {
            // Errors (FIPS or dual-stack where a partition has none) must agree too.
            assert_eq!(trimmed.get(key), Some(url), "{partition}: {key}");
            if key.ends_with(" false false") {
                assert!(url.starts_with("https://"), "{key}: {url}");
            }
        }
    }
}
