// sf_host_uart: the FPGA top level: lif_core behind a UART (8N1, CLKS_PER_BIT clocks per bit) that
// loads the memory image, sends input spikes per step, streams the spikes of every layer back and
// reads the output layer's voltages and the prediction. Protocol (docs/fpga.md, "Host protocol";
// multi-byte fields little-endian; the host waits for each reply before the next command):
//   'L' sel addr[4] count[4] word*count  load `count` words of memory `sel` from word address `addr`
//                       on (ld_sel of docs/formats-rtl.md; a word is 2 bytes for sel 0 and 1, else
//                       8 bytes); reply 'A' after the last word
//   'C'                 clear pass (before each sample; required after power-up); reply 'C'
//   'E' neuron[2]       one input event of the current step (sorted, unique); no reply
//   'T'                 close the step: every spike as 'S' layer neuron[2], then 'D' when done
//   'R'                 readout: the output layer's v (3 bytes each, OUT_N neurons), then the
//                       prediction argmax v (2 bytes, ties to the lowest index)
//   'Y'                 cycles the core was busy since the last clear, 4 bytes
// Unknown command bytes are ignored. The output layer's v is shadowed from the core's state-write
// monitor (a neuron not updated at a step keeps its v: quantizer/golden.hpp's rule).
module sf_host_uart #(
  parameter int CLKS_PER_BIT = 104,
  parameter int OUT_LAYER = 1,   // index of the output layer
  parameter int OUT_N = 10,      // its neurons
  parameter int LAYER_AW  = 3,
  parameter int NEURON_AW = 10,
  parameter int INPUT_AW  = 12,
  parameter int STATE_AW  = 13,
  parameter int WEIGHT_AW = 20,
  parameter int LANES     = 1,
  parameter int ACC_W     = 24,  // accumulator bits (the flow fits them to the network's largest weight sum)
  parameter int OWED_W    = 16   // steps a layer may go without input before its catch-up count saturates
) (
  input  logic clk,
  input  logic uart_rx,
  output logic uart_tx
);
  // Power-on reset: the flip-flops start at zero in the configured device.
  logic [3:0] por = '0;
  logic       rst_n;
  always_ff @(posedge clk) if (!por[3]) por <= por + 1'b1;
  assign rst_n = por[3];

  logic       rx_valid;
  logic [7:0] rx_data;
  sf_uart_rx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_rx (.clk, .rst_n, .rx(uart_rx), .valid(rx_valid), .data(rx_data));
  logic       tx_start, tx_busy;
  logic [7:0] tx_data;
  sf_uart_tx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_tx (.clk, .rst_n, .start(tx_start), .data(tx_data), .busy(tx_busy), .tx(uart_tx));

  // One received byte waits here until the command FSM takes it.
  logic       rb_full;
  logic [7:0] rb;
  logic       take;

  // Core.
  logic                 ld_valid, clear, tick, idle, done, in_valid, in_ready, out_valid, out_ready, mon_valid;
  logic [2:0]           ld_sel;
  logic [31:0]          ld_addr;
  logic [63:0]          ld_data;
  logic [INPUT_AW-1:0]  in_neuron;
  logic [LAYER_AW-1:0]  out_layer, mon_layer;
  logic [NEURON_AW-1:0] out_neuron, mon_neuron;
  logic [23:0]          mon_v;
  logic [31:0]          cnt_cycles;
  /* verilator lint_off PINCONNECTEMPTY */
  lif_core #(.LAYER_AW(LAYER_AW), .NEURON_AW(NEURON_AW), .INPUT_AW(INPUT_AW), .STATE_AW(STATE_AW),
             .WEIGHT_AW(WEIGHT_AW), .LANES(LANES), .ACC_W(ACC_W), .OWED_W(OWED_W), .SPARSE(0)) u_core (
    .clk, .rst_n, .ld_valid, .ld_sel, .ld_addr, .ld_data, .clear, .tick, .idle, .done,
    .in_valid, .in_neuron, .in_ready, .out_valid, .out_layer, .out_neuron, .out_ready,
    .mon_valid, .mon_layer, .mon_neuron, .mon_u(), .mon_v, .mon_spike(),
    .cnt_cycles, .cnt_sops(), .cnt_upd_active(), .cnt_upd_idle(), .cnt_catchups(), .cnt_spikes(),
    .cnt_wmem_reads(), .cnt_smem_reads(), .cnt_smem_writes(), .cnt_umem_reads(), .cnt_umem_writes(),
    .cnt_flag_reads(), .cnt_ptr_reads(), .cnt_idx_reads(), .lim_layers(), .lim_neurons(), .lim_inputs(), .lim_state(),
    .lim_weights(), .lim_lanes(), .lim_sparse(), .lim_pointers());
  /* verilator lint_on PINCONNECTEMPTY */

  // Output layer voltages, shadowed from the monitor in block RAM, with a written-since-clear bit
  // per neuron (a neuron not written since the clear reads as 0). The readout index ridx is 0
  // whenever no readout runs, and the word at ridx is read every cycle (vout_q, vset_q), so it is
  // ready when the readout looks at it (ridx changes only before a send of several bytes). Reads
  // that coincide with a monitor write are never used (no readout during a step).
  localparam int OutIdxW = $clog2(OUT_N + 1);
  logic [OutIdxW-1:0] ridx, best;
  (* ram_style = "block", no_rw_check *) logic signed [23:0] vout [1 << OutIdxW];
  logic [(1 << OutIdxW)-1:0] vset;
  logic signed [23:0] vout_q, vout_r;
  logic               vset_q, vout_we;
  assign vout_we = mon_valid && 32'(mon_layer) == OUT_LAYER && 32'(mon_neuron) < OUT_N;
  always_ff @(posedge clk) begin
    if (vout_we) vout[OutIdxW'(mon_neuron)] <= mon_v;
    vout_q <= vout[ridx];
    vset_q <= vset[ridx];
    if (clear) vset <= '0;
    else if (vout_we) vset[OutIdxW'(mon_neuron)] <= 1'b1;
  end
  assign vout_r = vset_q ? vout_q : '0;

  // Spikes wait in a FIFO (one entry per neuron at most per step, so it cannot overflow) instead of
  // holding the core with out_ready: the core finishes a step at full speed while the UART sends
  // (back-pressure would be correct too, but would tie the step time to the UART; docs/fpga.md).
  localparam int SpkW = LAYER_AW + NEURON_AW;
  logic [SpkW-1:0]   spk_mem [1 << STATE_AW];
  logic [STATE_AW:0] spk_wp, spk_rp;
  logic [SpkW-1:0]   spk_q;
  logic              spk_pop;
  always_ff @(posedge clk) begin
    if (out_valid) spk_mem[spk_wp[STATE_AW-1:0]] <= {out_layer, out_neuron};
    if (spk_pop) spk_q <= spk_mem[spk_rp[STATE_AW-1:0]];
  end

  typedef enum logic [3:0] {
    M_CMD, M_LHDR, M_LDATA, M_EV, M_EVWAIT, M_CLEAR, M_RUN, M_POP, M_READ, M_SEND
  } mstate_t;
  mstate_t m, m_ret;
  logic [3:0]  nbytes;     // bytes collected in M_LHDR / M_LDATA / M_EV
  logic [71:0] hdr;        // {count, addr, sel}
  logic [31:0] l_count;
  logic [63:0] word;
  logic [3:0]  word_bytes;
  logic [31:0] sbuf;       // bytes to send, least significant first
  logic [2:0]  sleft;
  logic        done_seen;
  logic signed [23:0] best_v;

  assign take = rb_full && (m == M_CMD || m == M_LHDR || m == M_LDATA || m == M_EV);
  assign word_bytes = (ld_sel == 3'd0 || ld_sel == 3'd1) ? 4'd2 : 4'd8;
  assign out_ready = 1'b1;
  assign spk_pop   = m == M_RUN && spk_wp != spk_rp;
  assign tx_start  = m == M_SEND && !tx_busy && sleft != '0;
  assign tx_data   = sbuf[7:0];

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      rb_full <= 1'b0;
      rb      <= '0;
    end else begin
      if (take) rb_full <= 1'b0;
      if (rx_valid) begin
        rb_full <= 1'b1;
        rb      <= rx_data;
      end
    end
  end

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      m          <= M_CMD;
      m_ret      <= M_CMD;
      nbytes     <= '0;
      hdr        <= '0;
      l_count    <= '0;
      word       <= '0;
      sbuf       <= '0;
      sleft      <= '0;
      done_seen  <= 1'b0;
      spk_wp     <= '0;
      spk_rp     <= '0;
      ridx       <= '0;
      best       <= '0;
      best_v     <= '0;
      ld_valid   <= 1'b0;
      ld_sel     <= '0;
      ld_addr    <= '0;
      ld_data    <= '0;
      clear      <= 1'b0;
      tick       <= 1'b0;
      in_valid   <= 1'b0;
      in_neuron  <= '0;
    end else begin
      ld_valid <= 1'b0;
      clear    <= 1'b0;
      tick     <= 1'b0;
      if (ld_valid) ld_addr <= ld_addr + 1'b1;
      if (out_valid) spk_wp <= spk_wp + 1'b1;
      if (spk_pop) spk_rp <= spk_rp + 1'b1;
      if (done) done_seen <= 1'b1;
      unique case (m)
        M_CMD: if (take) begin
          nbytes <= '0;
          unique case (rb)
            8'h4c: m <= M_LHDR;                              // 'L'
            8'h45: m <= M_EV;                                // 'E'
            8'h43: begin clear <= 1'b1; m <= M_CLEAR; end    // 'C'
            8'h54: begin tick <= 1'b1; done_seen <= 1'b0; m <= M_RUN; end  // 'T'
            8'h52: begin best <= '0; best_v <= '0; m <= M_READ; end  // 'R' (ridx is 0)
            8'h59: begin sbuf <= cnt_cycles; sleft <= 3'd4; m_ret <= M_CMD; m <= M_SEND; end  // 'Y'
            default: ;
          endcase
        end
        M_LHDR: if (take) begin
          hdr    <= {rb, hdr[71:8]};
          nbytes <= nbytes + 1'b1;
          if (nbytes == 4'd8) begin
            ld_sel  <= hdr[10:8];        // the header shifted in so far: sel is its first byte
            ld_addr <= hdr[47:16];
            l_count <= {rb, hdr[71:48]};
            nbytes  <= '0;
            m       <= ({rb, hdr[71:48]} == '0) ? M_SEND : M_LDATA;
            sbuf    <= 32'h41;           // 'A'
            sleft   <= ({rb, hdr[71:48]} == '0) ? 3'd1 : 3'd0;
            m_ret   <= M_CMD;
          end
        end
        M_LDATA: if (take) begin
          word   <= {rb, word[63:8]};
          nbytes <= nbytes + 1'b1;
          if (nbytes + 1'b1 == word_bytes) begin
            ld_valid <= 1'b1;
            ld_data  <= (word_bytes == 4'd2) ? 64'({rb, word[63:56]}) : {rb, word[63:8]};
            nbytes   <= '0;
            l_count  <= l_count - 1'b1;
            if (l_count == 32'd1) begin
              sbuf  <= 32'h41;
              sleft <= 3'd1;
              m_ret <= M_CMD;
              m     <= M_SEND;
            end
          end
        end
        M_EV: if (take) begin
          hdr    <= {rb, hdr[71:8]};
          nbytes <= nbytes + 1'b1;
          if (nbytes == 4'd1) begin
            in_neuron <= INPUT_AW'({rb, hdr[71:64]});
            in_valid  <= 1'b1;
            m         <= M_EVWAIT;
          end
        end
        M_EVWAIT: if (in_ready) begin
          in_valid <= 1'b0;
          m        <= M_CMD;
        end
        M_CLEAR: if (idle && !clear) begin
          sbuf  <= 32'h43;
          sleft <= 3'd1;
          m_ret <= M_CMD;
          m     <= M_SEND;
        end
        M_RUN: begin
          if (spk_pop) begin
            m <= M_POP;
          end else if (done_seen && !out_valid) begin
            sbuf  <= 32'h44;  // 'D'
            sleft <= 3'd1;
            m_ret <= M_CMD;
            m     <= M_SEND;
          end
        end
        M_POP: begin
          sbuf  <= {8'(32'(spk_q[NEURON_AW-1:0]) >> 8), 8'(spk_q[NEURON_AW-1:0]), 8'(spk_q[SpkW-1:NEURON_AW]), 8'h53};  // 'S'
          sleft <= 3'd4;
          m_ret <= M_RUN;
          m     <= M_SEND;
        end
        M_READ: begin
          if (32'(ridx) == OUT_N) begin
            sbuf  <= 32'(best);
            sleft <= 3'd2;
            ridx  <= '0;
            m_ret <= M_CMD;
            m     <= M_SEND;
          end else begin
            if (ridx == '0 || vout_r > best_v) begin
              best   <= ridx;
              best_v <= vout_r;
            end
            sbuf  <= 32'(vout_r[23:0]);
            sleft <= 3'd3;
            ridx  <= ridx + 1'b1;
            m_ret <= M_READ;
            m     <= M_SEND;
          end
        end
        M_SEND: begin
          if (sleft == '0) begin
            m <= m_ret;
          end else if (!tx_busy) begin
            sbuf  <= sbuf >> 8;
            sleft <= sleft - 1'b1;
          end
        end
        default: m <= M_CMD;
      endcase
    end
  end

endmodule
