// Nextmv webhook handler: Go, standard library only (net/http).
//
// Receives Nextmv Cloud webhook deliveries (POST, JSON body) and accepts only those whose
// Nextmv-Signature header proves they were signed with your webhook's signing secret.
//
// Run:    NEXTMV_WEBHOOK_SECRET='<signing secret>' go run handler.go      (Go 1.18 or later)
// Env:    NEXTMV_WEBHOOK_SECRET  the webhook's signing secret (required; never write it into this file)
//         PORT                   the port to listen on (default 8000)
// Serves: POST /webhookhandler
//
// Signature: Nextmv-Signature: t=<timestamp>,v1=<hex> where
//   v1 = hex(HMAC-SHA256(key = secret, message = t exactly as sent + "." + raw body bytes)).

package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// ---- Settings: adapt these ------------------------------------------------------------------
// The URL path Nextmv posts deliveries to.
const webhookPath = "/webhookhandler" // [template:path]

// The env var holding the signing secret.
const secretEnvVar = "NEXTMV_WEBHOOK_SECRET" // [template:env]

const (
	maxAgeSeconds         = 300             // refuse deliveries signed more than 5 minutes ago (replays)...
	maxSkewSeconds        = 60              // ...or more than 1 minute in the future (clock skew)
	millisecondsThreshold = 100_000_000_000 // t at or above this is in milliseconds, below it in seconds
	maxBodyBytes          = 1 << 20
)

// signatureProblem returns "" when the delivery is authentic, else the reason to answer 401.
func signatureProblem(header string, body []byte, secret string) string {
	if header == "" {
		return "Unauthorized: Missing Signature"
	}

	// "t=1700000000,v1=abc..." -- pairs in any order, spaces allowed, several v1, unknown keys ignored.
	t, haveT := "", false
	var signatures []string
	for _, pair := range strings.Split(header, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		key, value, found := strings.Cut(pair, "=")
		if !found {
			return "Unauthorized: Invalid Signature Format"
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if key == "t" && !haveT {
			t, haveT = value, true
		} else if key == "v1" {
			signatures = append(signatures, value)
		}
	}
	if !haveT || len(signatures) == 0 {
		return "Unauthorized: Invalid Signature Format"
	}

	// Freshness. Nextmv's docs say t is in milliseconds, its sample handler uses seconds: accept both.
	if t == "" || strings.Trim(t, "0123456789") != "" { // digits only
		return "Unauthorized: Invalid Time Value"
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil { // too big for an int64
		return "Unauthorized: Invalid Time Value"
	}
	tSeconds := float64(n)
	if n >= millisecondsThreshold {
		tSeconds = float64(n) / 1000
	}
	now := float64(time.Now().UnixMilli()) / 1000
	if !(now-maxAgeSeconds < tSeconds && tSeconds < now+maxSkewSeconds) {
		return "Unauthorized: Invalid Time Value"
	}

	// HMAC over t exactly as sent and the raw body bytes (never a re-serialised JSON).
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(t + "."))
	mac.Write(body)
	expected := []byte(hex.EncodeToString(mac.Sum(nil)))
	for _, signature := range signatures {
		if hmac.Equal(expected, []byte(signature)) { // constant time
			return ""
		}
	}
	return "Unauthorized: Invalid signature"
}

func reply(w http.ResponseWriter, status int, contentType, text string) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	io.WriteString(w, text)
}

func main() {
	secret := os.Getenv(secretEnvVar)
	if secret == "" {
		log.Fatalf("%s is not set: set it to your webhook's signing secret and start again.", secretEnvVar)
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8000"
	}

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != webhookPath {
			reply(w, http.StatusNotFound, "text/plain", "Not Found")
			return
		}
		if r.Method != http.MethodPost {
			reply(w, http.StatusMethodNotAllowed, "text/plain", "Method Not Allowed")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes)) // the raw bytes, exactly as sent
		if err != nil {
			reply(w, http.StatusRequestEntityTooLarge, "text/plain", "Payload Too Large")
			return
		}
		if problem := signatureProblem(r.Header.Get("Nextmv-Signature"), body, secret); problem != "" {
			reply(w, http.StatusUnauthorized, "text/plain; charset=utf-8", problem)
			return
		}

		// Authentic: only now parse the JSON. Replace this with your own processing.
		var event map[string]any
		if err := json.Unmarshal(body, &event); err != nil {
			reply(w, http.StatusBadRequest, "text/plain", "Bad Request: the body is not a JSON object")
			return
		}
		eventType, data := event["type"], map[string]any{}
		if eventType == nil {
			eventType = event["event_type"]
		}
		if d, ok := event["data"].(map[string]any); ok {
			data = d
		}
		log.Printf("Webhook received: %v run %v is %v", eventType, data["run_id"], data["status_v2"])
		reply(w, http.StatusOK, "application/json", `{"message":"Webhook received!"}`)
	})

	log.Printf("Listening on http://localhost:%s%s", port, webhookPath)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
